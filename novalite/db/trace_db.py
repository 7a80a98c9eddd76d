"""Where traces live: the ``trace_spans`` table, which every API worker reads.

The trace flusher (novalite/trace.py) hands finished spans to :func:`save_spans` in batches.
A row is either one span -- the root span of a trace (``parent_id`` NULL: what the trace
list reads) -- or a *pack*: the other spans of one trace that one process flushed together
(``kind`` 'pack', ``name`` '<n> spans', ``attrs`` {'spans': [[span_id, parent_id, name,
kind, service, host, pid, start_us, duration_us, outcome, server_id, attrs], ...]}, its
``start_us`` .. ``start_us + duration_us`` covering theirs and ``server_id`` the server
they name). A boot's 44 spans become 2 to 4 rows instead of 44, and their attributes one JSON
document per pack: what keeps always-on tracing cheap (README: what tracing costs). Readers
unpack; rows written one span each (older databases, :func:`save`'s callers) read the same.

Storage is bounded by ``[trace] max_spans`` (spans, packed or not) and ``[trace] max_age``
(the oldest go first). :func:`listen` counts each span's transactions and
statements.
"""
import datetime
import time

import sqlalchemy as sa

from novalite import trace
from novalite.db import models
from novalite.db import session as db

_SPANS = models.TraceSpan.__table__
_PRUNE_EVERY = 30.0
_last_prune = [0.0]
PACK = 'pack'
_current = trace._CURRENT.get


# Counting is done by the engine's dialect methods that run each statement and commit, wrapped
# on the dialect instance: a Python call each (about 0.3 us), where SQLAlchemy's
# before_cursor_execute / commit events cost 1.7 us a statement and 4 us a transaction
# (118 statements and 49 transactions a boot).
_STATEMENT_METHODS = ('do_execute', 'do_execute_no_params', 'do_executemany')
_COMMIT_METHODS = ('do_commit',)
_MARK = '_novalite_trace_counting'


def _counting_statements(real):
    def counted(*args, **kwargs):
        s = _current()
        if s is not None:
            s.db_statements += 1
        return real(*args, **kwargs)
    return counted


def _counting_commits(real):
    def counted(*args, **kwargs):
        s = _current()
        if s is not None:
            s.db_transactions += 1
        return real(*args, **kwargs)
    return counted


def listen(engine=None):
    """Count the statements and commits of the process's engine (or this one) in the
    current span (once per engine)."""
    dialect = (engine or db.get_engine()).dialect
    if dialect.__dict__.get(_MARK):
        return
    for name in _STATEMENT_METHODS:
        setattr(dialect, name, _counting_statements(getattr(dialect, name)))
    for name in _COMMIT_METHODS:
        setattr(dialect, name, _counting_commits(getattr(dialect, name)))
    dialect.__dict__[_MARK] = True


def unlisten(engine=None):
    """No counting at all (tracing off: not even a call per statement)."""
    dialect = (engine or db.get_engine()).dialect
    if dialect.__dict__.pop(_MARK, False):
        for name in _STATEMENT_METHODS + _COMMIT_METHODS:
            dialect.__dict__.pop(name, None)


class _Sink:
    """What the flusher calls with the finished :class:`trace.Span` objects."""
    takes_spans = True

    def __init__(self, max_spans, max_age):
        self.max_spans = max_spans
        self.max_age = max_age

    def __call__(self, spans):
        save_spans(spans, self.max_spans, self.max_age)


def configure(conf):
    """Tracing as ``[trace]`` says, its spans written here."""
    if conf.trace.enabled:
        listen()
    else:
        unlisten()
    trace.configure(enabled=conf.trace.enabled, flush_interval=conf.trace.flush_interval,
                    sink=_Sink(conf.trace.max_spans, conf.trace.max_age))


def _cut(value, size):
    return (value or '')[:size] or None


def _rows(spans):
    """The rows of these spans: ``spans`` are tuples (trace_id, span_id, parent_id, name,
    kind, service, host, pid, start_us, duration_us, outcome, project_id, server_id, attrs,
    db_transactions, db_statements) -- the counts None when ``attrs`` holds them; each root
    is a row, the others of a trace go in packs, one per server they name (the spans that
    name none join the first)."""
    rows, packs, named = [], {}, {}
    for s in spans:
        if s[2] is not None and s[12] is not None and s[0] not in named:
            named[s[0]] = s[12]
    for s in spans:
        if s[2] is not None:
            key = (s[0], s[12] if s[12] is not None else named.get(s[0]))
            members = packs.get(key)
            if members is None:
                packs[key] = [s]
            else:
                members.append(s)
            continue
        attrs = s[13]
        if s[14] is not None:
            attrs['db_transactions'] = s[14]
            attrs['db_statements'] = s[15]
        rows.append({'trace_id': s[0][:64], 'span_id': s[1][:32], 'parent_id': None,
                     'name': s[3][:255], 'kind': s[4][:16], 'service': _cut(s[5], 64),
                     'host': _cut(s[6], 255), 'pid': s[7], 'start_us': s[8],
                     'duration_us': s[9], 'outcome': _cut(s[10], 255),
                     'project_id': s[11], 'server_id': s[12], 'attrs': attrs})
    for (trace_id, server_id), members in packs.items():
        head = members[0]
        service, host, pid = head[5], head[6], head[7]
        begin = min(m[8] for m in members)
        end = max(m[8] + m[9] for m in members)
        rows.append({
            'trace_id': trace_id[:64], 'span_id': head[1][:32], 'parent_id': head[2][:32],
            'name': '%d spans' % len(members), 'kind': PACK, 'service': _cut(service, 64),
            'host': _cut(host, 255), 'pid': pid, 'start_us': begin,
            'duration_us': end - begin, 'outcome': None,
            'project_id': next((m[11] for m in members if m[11]), None),
            'server_id': server_id,
            'attrs': {'spans': [_packed(m, service, host, pid, begin, server_id)
                                for m in members]}})
    return rows


def _packed(m, service, host, pid, begin, server_id):
    """A span in its pack: [span_id, parent_id, name, kind, service, host, pid, start_us -
    the pack's, duration_us, outcome, server_id, attrs, db_transactions, db_statements],
    where 0 for the service, host or pid and 1 for the server mean "the pack's" (its row's
    column), an outcome 0 is 'ok', counts None are in attrs, and every other value (None
    and '' too) is the span's own."""
    outcome = m[10]
    return [m[1], m[2], m[3][:255], m[4], _SAME if m[5] == service else m[5],
            _SAME if m[6] == host else m[6], _SAME if m[7] == pid else m[7], m[8] - begin,
            m[9], _SAME if outcome == 'ok' else outcome and outcome[:255],
            1 if server_id is not None and m[12] == server_id else m[12],
            m[13], m[14], m[15]]


_SAME = 0  # in a packed span: "the pack's value" (an int, never a service, host or outcome)


def _own(value, pack_value):
    return pack_value if value == _SAME else value


def _unpacked(row, m):
    attrs = m[11]
    if m[12] is not None:
        attrs = dict(attrs, db_transactions=m[12], db_statements=m[13])
    return {'span_id': m[0], 'parent_id': m[1], 'name': m[2], 'kind': m[3],
            'service': _own(m[4], row['service']), 'host': _own(m[5], row['host']),
            'pid': _own(m[6], row['pid']), 'start_us': row['start_us'] + m[7],
            'duration_us': m[8], 'outcome': _own(m[9], 'ok'),
            'server_id': row['server_id'] if m[10] == 1 else m[10], 'attrs': attrs}


def save_spans(spans, max_spans=100000, max_age=86400):
    """Write finished :class:`trace.Span` objects (the flusher's batch)."""
    save_tuples([(s.trace_id, s.span_id, s.parent_id, s.name, s.kind, s.service, s.host,
                  s.pid, int(s.start * 1e6), int((s.duration or 0.0) * 1000), s.outcome,
                  s.project_id, s.server_id, s.attrs, s.db_transactions, s.db_statements)
                 for s in spans], max_spans, max_age)


def save(spans, max_spans=100000, max_age=86400):
    """Write spans given as dicts (``trace.Span.to_dict``'s keys)."""
    save_tuples([(s['trace_id'], s['span_id'], s['parent_id'], s['name'], s['kind'],
                  s['service'], s['host'], s['pid'], int(s['start'] * 1e6),
                  int((s['duration'] or 0.0) * 1000), s['outcome'], s['project_id'],
                  s['server_id'], s['attrs'], None, None) for s in spans], max_spans, max_age)


def save_tuples(spans, max_spans=100000, max_age=86400):
    if not spans:
        return
    rows = _rows(spans)
    with db.get_engine().begin() as conn:
        conn.execute(_SPANS.insert(), rows)
    now = time.monotonic()
    if now - _last_prune[0] >= _PRUNE_EVERY:
        _last_prune[0] = now
        prune(max_spans, max_age)


def _size(kind, name):
    """How many spans a row holds."""
    if kind != PACK:
        return 1
    try:
        return int(name.split(' ', 1)[0])
    except ValueError:
        return 1


def prune(max_spans, max_age):
    """Drop spans older than ``max_age`` seconds and all but the newest ``max_spans``
    (a pack goes as a whole)."""
    col = _SPANS.c
    with db.get_engine().begin() as conn:
        if max_age and max_age > 0:
            cutoff = int((time.time() - max_age) * 1e6)
            conn.execute(_SPANS.delete().where(col.start_us < cutoff))
        if max_spans and max_spans > 0:
            edge, kept = None, 0
            result = conn.execute(sa.select(col.start_us, col.kind, col.name)
                                  .order_by(col.start_us.desc()))
            for start_us, kind, name in result:
                kept += _size(kind, name)
                if kept > max_spans:
                    edge = start_us
                    break
            result.close()
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
            for trace_id, kind, name, end in conn.execute(
                    sa.select(col.trace_id, col.kind, col.name,
                              col.start_us + col.duration_us)
                    .where(col.trace_id.in_(ids))):
                count, last = stats.get(trace_id, (0, end))
                stats[trace_id] = (count + _size(kind, name), max(last, end))
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


def _unpack(rows):
    """The spans of these rows as (sort key, row-like dict), packs opened."""
    for r in rows:
        if r['kind'] != PACK:
            yield (r['start_us'], r['id'], 0), r
            continue
        for i, m in enumerate((r['attrs'] or {}).get('spans') or ()):
            span = _unpacked(r, m)
            yield (span['start_us'], r['id'], i), span


def trace_get(trace_id):
    """The trace's spans in start order, with its summary; None when unknown."""
    col = _SPANS.c
    with db.get_engine().connect() as conn:
        rows = [dict(r) for r in conn.execute(
            sa.select(_SPANS).where(col.trace_id == trace_id)
            .order_by(col.start_us, col.id)).mappings()]
    rows = [r for _, r in sorted(_unpack(rows), key=lambda pair: pair[0])]
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
