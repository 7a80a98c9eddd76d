from oslo_config import cfg

api_group = cfg.OptGroup('api', title='REST API options')

opts = [
    cfg.HostAddressOpt('bind_host', default='127.0.0.1', help='Address the API listens on.'),
    cfg.PortOpt('bind_port', default=8774, help='Port the API listens on.'),
    cfg.StrOpt('public_url',
               help='Base URL clients use to reach the API, e.g. http://127.0.0.1:8774. '
                    'Defaults to http://<bind_host>:<bind_port>.'),
    cfg.StrOpt('api_paste_config', default='api-paste.ini',
               help='Paste deploy file; relative paths are looked up beside the config file, '
                    'then in the package.'),
    cfg.IntOpt('workers', default=1, min=1, help='API worker processes.'),
    cfg.IntOpt('max_limit', default=1000, min=1,
               help='Most items one collection request returns.'),
    cfg.IntOpt('wsgi_pool_size', default=1000, min=10,
               help='Green threads serving requests in one process.'),
]


def register_opts(conf):
    conf.register_group(cfg.OptGroup(api_group.name, title=api_group.title))
    conf.register_opts(opts, group=api_group.name)


def public_url(conf):
    if conf.api.public_url:
        return conf.api.public_url.rstrip('/')
    host = conf.api.bind_host
    if host in ('0.0.0.0', '::', ''):
        host = '127.0.0.1'
    if ':' in host:
        host = '[%s]' % host
    return 'http://%s:%d' % (host, conf.api.bind_port)


def list_opts():
    return {api_group: opts}
