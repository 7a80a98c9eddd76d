"""``novalite-api [--workers N]``: the four REST services (identity, compute, image, network)
alone, in N worker processes sharing one listening socket (novalite/launcher.py).

``--workers`` overrides ``[api] workers``. SIGTERM drains and exits, SIGHUP reloads the
configuration files and restarts the workers gracefully, a dead worker is replaced.
"""
import sys

from novalite import cmd  # noqa: F401  (monkey-patches first)
from novalite import concurrency
from novalite import launcher
from novalite.api import deploy
from novalite.cmd import common


def _pop_option(argv, name):
    if name not in argv:
        return None
    i = argv.index(name)
    value = argv[i + 1] if i + 1 < len(argv) else None
    del argv[i:i + 2]
    return value


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    workers = _pop_option(argv, '--workers')
    conf = common.load_config(argv)
    if workers is not None:
        if not workers.isdigit() or int(workers) < 1:
            common.fail('--workers needs a positive number, not %r' % workers)
        conf.set_override('workers', int(workers), group='api')
    sock = common.listen(conf)
    return launcher.ProcessLauncher(conf, sock, serve_worker, conf.api.workers).run()


def serve_worker(conf, sock, stop):
    """One worker: its own database pool and RPC transport, serving until ``stop`` fires,
    then draining the requests in flight."""
    from novalite import rpc
    common.init_database(conf)
    common.init_rpc(conf)
    app = deploy.load_app(conf)
    common.freeze_heap()
    server = concurrency.start_wsgi(sock, app, pool_size=conf.api.wsgi_pool_size)
    stop.wait()
    drained = concurrency.stop_wsgi(server, conf.graceful_shutdown_timeout or None)
    if not drained:
        common.LOG.warning('requests still in flight after %ss; exiting anyway',
                           conf.graceful_shutdown_timeout)
    rpc.cleanup()


if __name__ == '__main__':
    sys.exit(main())
