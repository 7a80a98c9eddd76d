"""Schema migrations: the migrated schema equals models.py on SQLite, PostgreSQL and MariaDB.

The PostgreSQL and MariaDB cases use the servers on this machine (127.0.0.1, trust/empty
password, as CI has them); each test works in a database of its own, created and dropped here,
so parallel runs do not collide. They skip only when the server cannot be reached.
"""
import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from novalite.db import migration
from novalite.db import models

SERVERS = {
    'postgresql': 'postgresql+psycopg://postgres@127.0.0.1:5432/%s',
    'mysql': 'mysql+pymysql://root:@127.0.0.1:3306/%s',
}


def _admin_engine(backend):
    return sa.create_engine(SERVERS[backend] % 'test', isolation_level='AUTOCOMMIT',
                            poolclass=sa.pool.NullPool)


@pytest.fixture(params=['sqlite', 'postgresql', 'mysql'])
def db_url(request, tmp_path):
    """A URL of an empty database on each backend."""
    backend = request.param
    if backend == 'sqlite':
        yield 'sqlite:///%s' % (tmp_path / 'migrate.db')
        return
    admin = _admin_engine(backend)
    try:
        conn = admin.connect()
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip('%s server not reachable on 127.0.0.1: %s' % (backend, exc.orig))
    name = 'novalite_mig_%s' % uuid.uuid4().hex[:12]
    with conn:
        conn.exec_driver_sql('CREATE DATABASE %s' % name)
    try:
        yield SERVERS[backend] % name
    finally:
        with admin.connect() as conn:
            force = ' WITH (FORCE)' if backend == 'postgresql' else ''
            conn.exec_driver_sql('DROP DATABASE %s%s' % (name, force))
        admin.dispose()


@pytest.fixture
def engine(db_url):
    eng = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    yield eng
    eng.dispose()


def _not_version_table(name, type_, parent_names):
    return not (type_ == 'table' and name == migration.VERSION_TABLE)


def schema_diff(engine):
    """What autogenerate would change to make the database match models.py."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={'compare_type': True,
                                                     'include_name': _not_version_table})
        return compare_metadata(ctx, models.Base.metadata)


def tables(engine):
    return set(sa.inspect(engine).get_table_names())


def test_upgrade_empty_database_matches_models(engine):
    assert migration.version(engine) is None
    assert migration.upgrade(engine) == migration.head()
    assert migration.version(engine) == migration.head()
    assert tables(engine) == set(models.Base.metadata.tables) | {migration.VERSION_TABLE}
    assert schema_diff(engine) == []


def test_upgrade_accepts_url_and_is_idempotent(db_url):
    assert migration.version(db_url) is None
    assert migration.upgrade(db_url) == migration.head()
    assert migration.upgrade(db_url) == migration.head()
    assert migration.version(db_url) == migration.head()


def test_comparison_sees_drift(engine):
    """The comparison above is live: a missing index and a missing column are reported."""
    migration.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql('DROP INDEX ix_ports_device_id%s'
                             % (' ON ports' if engine.dialect.name == 'mysql' else ''))
    kinds = {d[0] for d in schema_diff(engine) if isinstance(d, tuple)}
    assert 'add_index' in kinds


def _later_tables():
    """Tables that revisions after 0001 create: a pre-migration database never has them."""
    import glob
    import importlib.util
    import os
    names = set()
    versions = os.path.join(os.path.dirname(migration.__file__), 'migrations', 'versions')
    for path in sorted(glob.glob(os.path.join(versions, '0*.py'))):
        if os.path.basename(path).startswith('0001'):
            continue
        spec = importlib.util.spec_from_file_location('revision', path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        names |= set(getattr(module, '_TABLES', ()))
    return names


def test_pre_migration_database_is_adopted(engine):
    """A database made by metadata.create_all (no alembic_version) keeps its rows and is
    recorded at the initial revision, then upgraded."""
    later = _later_tables()
    models.Base.metadata.create_all(
        engine, tables=[t for n, t in models.Base.metadata.tables.items() if n not in later])
    with engine.begin() as conn:
        conn.execute(sa.insert(models.QuotaClass.__table__).values(
            class_name='default', resource='cores', hard_limit=7,
            created_at=models.utcnow()))
    assert migration.version(engine) is None
    assert migration.upgrade(engine) == migration.head()
    assert migration.version(engine) == migration.head()
    with engine.connect() as conn:
        assert conn.execute(sa.select(models.QuotaClass.hard_limit)).scalar_one() == 7
    assert schema_diff(engine) == []


def test_pre_migration_database_from_older_release_gets_missing_tables(engine):
    """State dirs from before quotas and server groups existed gain those tables."""
    newer = {'quotas', 'quota_classes', 'quota_usage_locks', 'server_groups',
             'server_group_members'} | _later_tables()
    models.Base.metadata.create_all(
        engine, tables=[t for n, t in models.Base.metadata.tables.items() if n not in newer])
    assert migration.upgrade(engine) == migration.head()
    assert newer <= tables(engine)
    assert schema_diff(engine) == []


def test_downgrade_to_base_removes_everything(engine):
    migration.upgrade(engine)
    with engine.begin() as conn:
        cfg = migration.get_config()
        cfg.attributes['connection'] = conn
        command.downgrade(cfg, 'base')
    assert tables(engine) <= {migration.VERSION_TABLE}
    assert migration.version(engine) is None


def test_in_memory_sqlite_engine_of_the_session(tmp_path):
    from novalite.db import session
    eng = session.configure('sqlite://')
    try:
        migration.upgrade(eng)
        assert migration.version(eng) == migration.head()
        assert schema_diff(eng) == []
        with session.transaction() as s:
            s.add(models.QuotaUsageLock(project_id='p'))
    finally:
        eng.dispose()


def test_migrations_ship_as_package_data():
    import configparser
    import glob
    import os
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    cfg = configparser.ConfigParser()
    cfg.read(os.path.join(root, 'setup.cfg'))
    patterns = cfg['options.package_data']['novalite'].split()
    pkg = os.path.join(root, 'novalite')
    shipped = {os.path.relpath(p, pkg) for pat in patterns
               for p in glob.glob(os.path.join(pkg, pat))}
    on_disk = {os.path.relpath(p, pkg) for p in
               glob.glob(os.path.join(migration.MIGRATIONS_DIR, '**', '*'), recursive=True)
               if os.path.isfile(p) and '__pycache__' not in p}
    assert on_disk and on_disk <= shipped


def test_database_at_the_empty_placeholder_revision_gets_the_later_tables(engine):
    """Revision 0002 shipped empty: a database recorded at it is brought to head with every
    table of the models (0003 creates them)."""
    migration.upgrade(engine, '0002')
    assert migration.version(engine) == '0002'
    assert 'migrations' not in sa.inspect(engine).get_table_names()
    assert migration.upgrade(engine) == migration.head()
    assert set(models.Base.metadata.tables) <= set(sa.inspect(engine).get_table_names())
