"""Engine and transactions.

``configure(url)`` once per process; ``transaction()`` is the unit of work every data-access
function uses. On SQLite, writes are serialised by the database itself (WAL + busy timeout);
callers keep transactions short and never do I/O other than SQL inside one.
"""
import contextlib
import threading

import sqlalchemy as sa
from sqlalchemy import event, orm

from novalite import exception

_lock = threading.Lock()
_engine = None
_sessionmaker = None


def configure(url, pool_size=20, max_overflow=40, echo=False):
    global _engine, _sessionmaker
    with _lock:
        if _engine is not None:
            _engine.dispose()
        kwargs = {'echo': echo, 'future': True}
        if url.startswith('sqlite'):
            kwargs['connect_args'] = {'check_same_thread': False, 'timeout': 30}
            if url in ('sqlite://', 'sqlite:///:memory:'):
                kwargs['poolclass'] = sa.pool.StaticPool
        else:
            kwargs.update(pool_size=pool_size, max_overflow=max_overflow,
                          pool_pre_ping=True, pool_recycle=3600)
        engine = sa.create_engine(url, **kwargs)
        event.listen(engine, 'handle_error', _out_of_range)
        if url.startswith('sqlite'):
            event.listen(engine, 'connect', _sqlite_pragmas)
        _engine = engine
        _sessionmaker = orm.sessionmaker(bind=engine, expire_on_commit=False)
    return engine


def _out_of_range(ctx):
    """A number the column type cannot hold (an id beyond 64 bits from a URL: SQLite's
    driver raises OverflowError, PostgreSQL 'out of range') is the caller's bad input."""
    original = ctx.original_exception
    if isinstance(original, OverflowError) or (
            isinstance(ctx.sqlalchemy_exception, sa.exc.DataError)
            and 'out of range' in str(original)):
        raise exception.InvalidInput(reason='a number in the request is out of range')


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute('PRAGMA journal_mode=WAL')
    cur.execute('PRAGMA synchronous=NORMAL')
    cur.execute('PRAGMA foreign_keys=ON')
    cur.close()


def get_engine():
    if _engine is None:
        raise RuntimeError('database not configured; call novalite.db.session.configure()')
    return _engine


@contextlib.contextmanager
def transaction():
    """A session inside one transaction: committed on success, rolled back on error."""
    if _sessionmaker is None:
        get_engine()
    session = _sessionmaker()
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def create_schema():
    from novalite.db import models
    models.Base.metadata.create_all(get_engine())
