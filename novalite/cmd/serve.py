"""``novalite serve``: the whole cloud in one process (API, conductor, scheduler and fake
compute hosts on SQLite and the in-memory transport)."""
import argparse
import logging
import os
import socket
import sys

from novalite import cmd  # noqa: F401  (monkey-patches first)
from novalite import concurrency
from novalite import seed
from novalite import service
from novalite.api import deploy
from novalite.cmd import common
from novalite.conf import api as api_conf

LOG = logging.getLogger('novalite.serve')


def _parser():
    parser = argparse.ArgumentParser(prog='novalite', description=__doc__)
    sub = parser.add_subparsers(dest='command')
    serve = sub.add_parser('serve', help='run the all-in-one cloud')
    serve.add_argument('--host', help='address to listen on (default 127.0.0.1)')
    serve.add_argument('--port', type=int, help='port to listen on (default 8774)')
    serve.add_argument('--state-dir', help='where the database, images and client files '
                                           'live (default $NOVALITE_STATE_DIR or '
                                           '~/.local/state/novalite)')
    serve.add_argument('--config-file', action='append', default=[],
                       help='oslo.config file(s)')
    serve.add_argument('--debug', action='store_true', help='debug logging')
    sub.add_parser('trace', help='print the waterfall of a request (novalite trace --help)')
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == 'trace':  # ``novalite trace <request-id | server>``
        from novalite.cmd import trace
        return trace.main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command != 'serve':
        _parser().print_help()
        return 2
    oslo_args = []
    for path in args.config_file:
        oslo_args += ['--config-file', path]
    if args.debug:
        oslo_args.append('--debug')
    conf = common.load_config(oslo_args)
    if args.host:
        conf.set_override('bind_host', args.host, group='api')
    if args.port:
        conf.set_override('bind_port', args.port, group='api')
    if args.state_dir:
        conf.set_override('state_dir', os.path.abspath(args.state_dir))
    if not conf.database.connection:
        conf.set_override('connection', common.database_url(conf), group='database')
    try:
        sock = concurrency.listen(conf.api.bind_host, conf.api.bind_port)
    except OSError as exc:
        common.fail('cannot listen on %s:%s: %s' % (conf.api.bind_host, conf.api.bind_port,
                                                   exc))
    if conf.api.bind_port == 0:
        conf.set_override('bind_port', sock.getsockname()[1], group='api')
    run(conf, sock)


def run(conf, sock):
    public_url = api_conf.public_url(conf)
    common.init_database(conf, upgrade=True)
    seed.seed(conf, public_url)
    clouds, openrc = seed.write_client_files(conf, public_url, conf.state_dir)
    common.init_rpc(conf)
    services = [service.conductor_service(conf, socket.gethostname()).start(),
                service.scheduler_service(conf, socket.gethostname()).start()]
    for host in conf.fake_compute_hosts:
        services.append(service.compute_service(conf, host).start())
    app = deploy.load_app(conf)
    print('novalite is serving OpenStack on %s (state in %s)\n'
          '  export OS_CLIENT_CONFIG_FILE=%s\n'
          '  openstack --os-cloud novalite server list      # demo user\n'
          '  openstack --os-cloud novalite-admin server list  # admin\n'
          '  (or: source %s)' % (public_url, conf.state_dir, clouds, openrc), flush=True)
    try:
        concurrency.serve_wsgi(sock, app, pool_size=conf.api.wsgi_pool_size,
                               log=_AccessLog() if conf.debug else None)
    except KeyboardInterrupt:
        pass
    finally:
        for svc in reversed(services):
            svc.stop()


class _AccessLog:
    def write(self, line):
        LOG.info(line.rstrip())


if __name__ == '__main__':
    sys.exit(main())
