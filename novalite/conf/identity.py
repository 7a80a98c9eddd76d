from oslo_config import cfg

identity_group = cfg.OptGroup('identity', title='Identity service options')
service_user_group = cfg.OptGroup(
    'service_user', title='Credentials the compute services use to call the image and '
                          'network services over REST')

opts = [
    cfg.IntOpt('token_expiration', default=3600, min=60, help='Token lifetime in seconds.'),
    cfg.IntOpt('token_cache_time', default=30, min=0,
               help='Seconds the authtoken filter trusts a validated token before looking '
                    'it up again (0 disables the cache).'),
    cfg.IntOpt('allow_expired_window', default=172800, min=0,
               help='Seconds after its expiry a token still validates with '
                    '?allow_expired=1 (Keystone [token] allow_expired_window).'),
    cfg.StrOpt('region_name', default='RegionOne', help='Region in the service catalog.'),
    cfg.StrOpt('admin_password', default='secret', secret=True,
               help='Password of the seeded admin user.'),
    cfg.StrOpt('demo_password', default='secret', secret=True,
               help='Password of the seeded demo user.'),
]

service_user_opts = [
    cfg.StrOpt('auth_url', help='Identity v3 URL; defaults to <public_url>/identity/v3.'),
    cfg.StrOpt('username', default='nova', help='Service user name.'),
    cfg.StrOpt('password', default='secret', secret=True, help='Service user password.'),
    cfg.StrOpt('project_name', default='service', help='Project of the service user.'),
    cfg.StrOpt('interface', default='internal', help='Catalog interface to use.'),
    cfg.IntOpt('timeout', default=60, help='Seconds a REST call may take.'),
    cfg.IntOpt('connect_retries', default=30, min=0,
               help='Times a REST call is retried when the service cannot be reached (its '
                    'API is restarting), keystoneauth\'s option; the request had not been '
                    'sent, so it is safe for every method.'),
    cfg.FloatOpt('connect_retry_delay', default=1.0, min=0.0,
                 help='Seconds between those retries.'),
]


def register_opts(conf):
    conf.register_group(cfg.OptGroup(identity_group.name, title=identity_group.title))
    conf.register_opts(opts, group=identity_group.name)
    conf.register_group(cfg.OptGroup(service_user_group.name, title=service_user_group.title))
    conf.register_opts(service_user_opts, group=service_user_group.name)


def list_opts():
    return {identity_group: opts, service_user_group: service_user_opts}
