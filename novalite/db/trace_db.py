"""Where traces live: the ``trace_spans`` table, which every API worker reads.

The trace flusher (novalite/trace.py) hands finished spans to :func:`save` in batches;
storage is bounded by ``[trace] max_spans`` and ``[trace] max_age`` (the oldest go first).
:func:`listen` makes SQLAlchemy count each span's transactions and statements.
"""
import datetime
import functools
import time

import sqlalchemy as sa
from sqlalchemy import event

from novalite import trace
from novalite.db import models
from novalite.db import session as db

_SPANS = models.TraceSpan.__table__
_PRUNE_EVERY = 30.0
_last_prune = [0.0]


def listen():
    """Count statements and commits of every engine of the process (once)."""
    if not event.contains(sa.engine.Engine, 'before_cursor_execute', _on_statement):
        event.listen(sa.engine.Engine, 'before_cursor_execute', _on_statement)
        event.listen(sa.engine.Engine, 'commit', _on_commit)


def _on_statement(conn, cursor, statement, parameters, context, executemany):
    trace.count_statement()


def _on_commit(conn):
    trace.count_transaction()


def configure(conf):
    """Tracing as ``[trace]`` says, its spans written here."""
    listen()
    trace.configure(enabled=conf.trace.enabled, flush_interval=conf.trace.flush_interval,
                    sink=functools.partial(save, max_spans=conf.trace.max_spans,
                                           max_age=conf.trace.max_age))


def _row(span):
    return {'trace_id': span['trace_id'][:64], 'span_id': span['span_id'][:32],
            'parent_id': span['parent_id'], 'name': span['name'][:255],
            'kind': span['kind'][:16], 'service': (span['service'] or '')[:64] or None,
            'host': (span['host'] or '')[:255] or None, 'pid': span['pid'],
            'start_us': int(span['start'] * 1e6),
            'duration_us': int((span['duration'] or 0.0) * 1000),
            'outcome': (span['outcome'] or '')[:255] or None,
            'project_id': span['project_id'], 'server_id': span['server_id'],
            'attrs': span['attrs']}


def save(spans, max_spans=100000, max_age=86400):
    if not spans:
        return
    with db.get_engine().begin() as conn:
        conn.execute(_SPANS.insert(), [_row(s) for s in spans])
    now = time.monotonic()
    if now - _last_prune[0] >= _PRUNE_EVERY:
        _last_prune[0] = now
        prune(max_spans, max_age)


def prune(max_spans, max_age):
    """Drop spans older than ``max_age`` seconds and all but the newest ``max_spans``."""
    col = _SPANS.c
    with db.get_engine().begin() as conn:
        if max_age and max_age > 0:
            cutoff = int((time.time() - max_age) * 1e6)
            conn.execute(_SPANS.delete().where(col.start_us < cutoff))
        if max_spans and max_spans > 0:
            edge = conn.execute(sa.select(col.start_us).order_by(col.start_us.desc())
                                .offset(max_spans).limit(1)).scalar()
            if edge is not None:
                conn.execute(_SPANS.delete().where(col.start_us <= edge))


# ----------------------------------------------------------------------------- reads
def _iso(us):
    dt = datetime.datetime.fromtimestamp(us / 1e6, datetime.timezone.utc)
    return dt.strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def trace_list(project_id=None, server_id=None, limit=50):
    """The newest traces (their root spans), of one project and/or about one server."""
    col = _SPANS.c
    q = sa.select(_SPANS).where(col.parent_id.is_(None))
    if server_id:
        q = q.where(col.trace_id.in_(sa.select(col.trace_id).where(col.server_id == server_id)
                                     .distinct()))
    if project_id:
        q = q.where(col.project_id == project_id)
    q = q.order_by(col.start_us.desc(), col.id.desc()).limit(limit)
    with db.get_engine().connect() as conn:
        roots = [dict(r) for r in conn.execute(q).mappings()]
        ids = [r['trace_id'] for r in roots]
        stats = {}
        if ids:
            for row in conn.execute(
                    sa.select(col.trace_id, sa.func.count(), sa.func.max(
                        col.start_us + col.duration_us))
                    .where(col.trace_id.in_(ids)).group_by(col.trace_id)):
                stats[row[0]] = (row[1], row[2])
            servers = {}
            for row in conn.execute(sa.select(col.trace_id, col.server_id).where(
                    col.trace_id.in_(ids), col.server_id.is_not(None)).distinct()):
                servers.setdefault(row[0], set()).add(row[1])
    out = []
    for root in roots:
        count, end = stats.get(root['trace_id'], (1, root['start_us'] + root['duration_us']))
        out.append(_summary(root, count, end, sorted(servers.get(root['trace_id'], ()))))
    return out


def _summary(root, count, end, server_ids):
    attrs = root['attrs'] or {}
    return {'request_id': root['trace_id'], 'name': root['name'],
            'method': attrs.get('method'), 'path': attrs.get('path'),
            'status': attrs.get('status'), 'service': root['service'],
            'project_id': root['project_id'], 'start': _iso(root['start_us']),
            'duration_ms': round(root['duration_us'] / 1000.0, 3),
            'total_ms': round(max(end - root['start_us'], root['duration_us']) / 1000.0, 3),
            'span_count': count, 'server_ids': server_ids}


def trace_get(trace_id):
    """The trace's spans in start order, with its summary; None when unknown."""
    col = _SPANS.c
    with db.get_engine().connect() as conn:
        rows = [dict(r) for r in conn.execute(
            sa.select(_SPANS).where(col.trace_id == trace_id)
            .order_by(col.start_us, col.id)).mappings()]
    roots = [r for r in rows if r['parent_id'] is None]
    if not roots:
        return None
    root = roots[0]
    t0 = min(r['start_us'] for r in rows)
    end = max(r['start_us'] + r['duration_us'] for r in rows)
    result = _summary(root, len(rows), end,
                      sorted({r['server_id'] for r in rows if r['server_id']}))
    result['spans'] = [{
        'id': r['span_id'], 'parent_id': r['parent_id'], 'name': r['name'],
        'kind': r['kind'], 'service': r['service'], 'host': r['host'], 'pid': r['pid'],
        'start': _iso(r['start_us']), 'offset_ms': round((r['start_us'] - t0) / 1000.0, 3),
        'duration_ms': round(r['duration_us'] / 1000.0, 3), 'outcome': r['outcome'],
        'server_id': r['server_id'], 'attributes': r['attrs'] or {}} for r in rows]
    return result
