"""Schema migrations (alembic), driven programmatically.

    upgrade(engine_or_url, revision='head')   bring a database to a revision
    version(engine_or_url)                    its current revision, or None

Revisions live in ``novalite/db/migrations/versions/``. A database made before migrations
existed (tables created by ``metadata.create_all``, no ``alembic_version`` table) is adopted on
the first upgrade: it is recorded at the initial revision (creating any of that revision's
tables an older release did not have), then upgraded as usual.
"""
import contextlib
import logging
import os

import sqlalchemy as sa
from alembic import command
from alembic import config as alembic_config
from alembic import script as alembic_script
from alembic.runtime import migration as alembic_migration

LOG = logging.getLogger(__name__)

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'migrations')
INITIAL_REVISION = '0001'
VERSION_TABLE = 'alembic_version'


def get_config(url=None):
    """An alembic Config for novalite's migrations (``url`` for CLI-style use)."""
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', MIGRATIONS_DIR)
    if url is not None:
        cfg.set_main_option('sqlalchemy.url', str(url).replace('%', '%%'))
    return cfg


def head():
    """The newest revision shipped with this code."""
    return alembic_script.ScriptDirectory.from_config(get_config()).get_current_head()


@contextlib.contextmanager
def _engine(engine_or_url):
    if isinstance(engine_or_url, sa.engine.Engine):
        yield engine_or_url
        return
    engine = sa.create_engine(engine_or_url, poolclass=sa.pool.NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def _current(connection):
    return alembic_migration.MigrationContext.configure(connection).get_current_revision()


def version(engine_or_url):
    """The database's current revision, or None when it has none recorded."""
    with _engine(engine_or_url) as engine, engine.connect() as conn:
        return _current(conn)


def _is_legacy(connection):
    """Tables from the pre-migration era are there, but no revision is recorded."""
    tables = set(sa.inspect(connection).get_table_names())
    if VERSION_TABLE in tables and _current(connection) is not None:
        return False
    return bool(tables - {VERSION_TABLE})


def upgrade(engine_or_url, revision='head'):
    """Upgrade the database to ``revision``; returns the revision it ends at."""
    with _engine(engine_or_url) as engine:
        with engine.begin() as conn:
            cfg = get_config()
            cfg.attributes['connection'] = conn
            if _is_legacy(conn):
                LOG.info('database has tables but no schema revision: adopting it at %s',
                         INITIAL_REVISION)
                cfg.attributes['adopt_existing'] = True
                command.upgrade(cfg, INITIAL_REVISION)
                cfg.attributes['adopt_existing'] = False
            command.upgrade(cfg, revision)
        return version(engine)
