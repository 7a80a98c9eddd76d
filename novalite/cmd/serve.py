"""``novalite serve``: the whole cloud in one process (API, conductor, scheduler, the volume
manager and fake compute hosts on SQLite and the in-memory transport)."""
import argparse
import logging
import os
import signal
import socket
import sys

from novalite import cmd  # noqa: F401  (monkey-patches first)
from novalite import concurrency
from novalite import launcher
from novalite import seed
from novalite import service
from novalite import service_client
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
    serve.add_argument('--hold-states', type=float, metavar='SECONDS',
                       help='hold each transitional server state (REBOOT, REBUILD, RESIZE, '
                            'image SAVING, ...) at least this long on every host '
                            '([DEFAULT] transitional_state_hold; default 0)')
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
    if args.hold_states is not None:
        if not 0 <= args.hold_states <= 3600:
            common.fail('--hold-states must be between 0 and 3600 seconds')
        conf.set_override('transitional_state_hold', args.hold_states)
    if not conf.database.connection:
        conf.set_override('connection', common.database_url(conf), group='database')
    sock = common.listen(conf)
    if conf.api.bind_port == 0:
        conf.set_override('bind_port', sock.getsockname()[1], group='api')
    return run(conf, sock)


def run(conf, sock):
    public_url = api_conf.public_url(conf)
    common.init_database(conf, upgrade=True)
    seed.seed(conf, public_url)
    clouds, openrc = seed.write_client_files(conf, public_url, conf.state_dir)
    common.init_rpc(conf)
    app = deploy.load_app(conf)
    # the service's REST calls to its own identity/image/network/volume APIs stay in the
    # process (no socket, no HTTP parsing); other processes reach it over HTTP as before
    service_client.serve_in_process(public_url, app)
    services = [service.conductor_service(conf, socket.gethostname()).start(),
                service.scheduler_service(conf, socket.gethostname()).start(),
                service.volume_service(conf, socket.gethostname()).start()]
    for host in conf.fake_compute_hosts:
        services.append(service.compute_service(conf, host).start())
    print('novalite is serving OpenStack on %s (state in %s)\n'
          '  export OS_CLIENT_CONFIG_FILE=%s\n'
          '  openstack --os-cloud novalite server list      # demo user\n'
          '  openstack --os-cloud novalite-admin server list  # admin\n'
          '  (or: source %s)' % (public_url, conf.state_dir, clouds, openrc), flush=True)
    # SIGTERM / SIGINT, as oslo.service runs Nova's services: stop accepting, finish the
    # requests in flight ([DEFAULT] graceful_shutdown_timeout), then the RPC servers finish
    # theirs, and exit 0
    stop = launcher.StopFlag()
    signal.signal(signal.SIGTERM, stop.set)
    signal.signal(signal.SIGINT, stop.set)
    common.freeze_heap()
    server = concurrency.start_wsgi(sock, app, pool_size=conf.api.wsgi_pool_size,
                                    log=_AccessLog() if conf.debug else None)
    try:
        stop.wait()
        LOG.info('Stopping: draining the requests in flight')
        if not concurrency.stop_wsgi(server, conf.graceful_shutdown_timeout or None, sock):
            LOG.warning('requests still in flight after %ss; exiting anyway',
                        conf.graceful_shutdown_timeout)
    finally:
        for svc in reversed(services):
            svc.stop()
    LOG.info('Stopped')
    return 0


class _AccessLog:
    def write(self, line):
        LOG.info(line.rstrip())


if __name__ == '__main__':
    sys.exit(main())
