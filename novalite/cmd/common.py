"""What every entry point does first: configuration, logging, database, RPC."""
import logging
import os
import sys

from oslo_log import log as oslo_log

from novalite import conf as nl_conf
from novalite import rpc
from novalite.db import migration
from novalite.db import session
from novalite.db import trace_db

LOG = logging.getLogger(__name__)


def load_config(argv, conf=None):
    conf = conf or nl_conf.CONF
    oslo_log.register_options(conf)
    rpc.register_opts(conf)
    conf(argv, project='novalite', default_config_files=_default_config_files())
    oslo_log.setup(conf, 'novalite')
    for name in ('stevedore', 'oslo_messaging', 'urllib3', 'routes', 'oslo_policy', 'alembic'):
        logging.getLogger(name).setLevel(logging.WARNING if not conf.debug else logging.INFO)
    return conf


def _default_config_files():
    path = '/etc/novalite/novalite.conf'
    return [path] if os.path.exists(path) else []


def database_url(conf):
    return conf.database.connection or 'sqlite:///%s' % os.path.join(conf.state_dir,
                                                                    'novalite.db')


def init_database(conf, upgrade=False):
    """Configure the engine; with ``upgrade``, first migrate the schema to the newest revision
    (novalite/db/migrations)."""
    os.makedirs(conf.state_dir, exist_ok=True)
    engine = session.configure(database_url(conf), pool_size=conf.database.max_pool_size,
                               max_overflow=conf.database.max_overflow,
                               echo=conf.database.connection_debug)
    trace_db.configure(conf)
    if upgrade:
        migration.upgrade(engine)
    return engine


def init_rpc(conf):
    conf.set_default('executor_thread_pool_size', 256)
    return rpc.init(conf)


def freeze_heap():
    """Move what start-up left on the heap (modules, the app, configuration: ~195k objects)
    out of the collector's sight: a full collection then walks only what serving makes
    (~3 ms instead of 70-90 ms, several times a minute under load). No collection first:
    start-up leaves a few hundred unreachable objects, not worth a full pass of 100+ ms
    before the service answers."""
    import gc
    gc.freeze()


def listen(conf):
    """The API's listening socket on [api] bind_host:bind_port, or exit 1 saying why (a
    port another process listens on: 'address in use')."""
    import errno
    from novalite import concurrency
    try:
        return concurrency.listen(conf.api.bind_host, conf.api.bind_port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            fail('cannot listen on %s:%s: address in use (is another novalite running?)'
                 % (conf.api.bind_host, conf.api.bind_port))
        fail('cannot listen on %s:%s: %s' % (conf.api.bind_host, conf.api.bind_port, exc))


def fail(message):
    sys.stderr.write('novalite: %s\n' % message)
    sys.exit(1)
