"""The trace_spans table: batches written, traces listed and read, storage bounded."""
import time

from novalite import trace
from novalite.db import trace_db


def _span(trace_id, name, parent=None, project='p1', server=None, start=None, span_id=None):
    return {'trace_id': trace_id, 'span_id': span_id or name, 'parent_id': parent,
            'name': name, 'kind': 'http' if parent is None else 'step', 'service': 'api',
            'host': 'h', 'pid': 1, 'start': start or time.time(), 'duration': 2.5,
            'outcome': 'ok', 'project_id': project, 'server_id': server,
            'attrs': {'method': 'POST', 'path': '/x', 'status': 202}}


def test_save_list_get(database):
    now = time.time()
    trace_db.save([_span('req-a', 'root', start=now - 2),
                   _span('req-a', 'spawn', parent='root', server='srv', start=now - 1),
                   _span('req-b', 'root2', project='p2', start=now, span_id='r2')])
    listed = trace_db.trace_list()
    assert [t['request_id'] for t in listed] == ['req-b', 'req-a']
    assert [t['request_id'] for t in trace_db.trace_list(project_id='p1')] == ['req-a']
    assert [t['request_id'] for t in trace_db.trace_list(server_id='srv')] == ['req-a']
    assert trace_db.trace_list(limit=1)[0]['request_id'] == 'req-b'
    got = trace_db.trace_get('req-a')
    assert got['span_count'] == 2 and got['server_ids'] == ['srv']
    assert [s['name'] for s in got['spans']] == ['root', 'spawn']
    assert got['spans'][1]['offset_ms'] >= 999 and got['spans'][1]['duration_ms'] == 2.5
    assert trace_db.trace_get('req-none') is None


def test_prune_by_count_and_age(database):
    now = time.time()
    trace_db.save([_span('req-%d' % i, 'r%d' % i, start=now - 100 + i) for i in range(10)])
    trace_db.prune(max_spans=4, max_age=0)
    assert len(trace_db.trace_list()) == 4
    trace_db.prune(max_spans=0, max_age=92.5)
    assert [t['request_id'] for t in trace_db.trace_list()] == ['req-9', 'req-8']


def test_statements_are_counted_per_span(database):
    from novalite.db import api as db_api
    trace_db.listen()
    with trace.activate(trace.begin('req-c', 'GET /x', 'http', 'compute-api')) as span:
        db_api.service_get_all()
    assert span.db_statements >= 1


def test_packed_spans_read_back_whole(database):
    """The flusher's batch: the root is a row, the other spans of the trace one pack row per
    server they name; reading unpacks them (fields, counts, order) and counts them."""
    root = trace.Span('req-p', None, 'POST /s', 'http', 'compute-api', 'h0',
                      {'status': 202}, project_id='p1', server_id='srv-1')
    spans = [trace.Span('req-p', root.span_id, 'GET /image', 'rest', 'compute-api', 'h0', {}),
             trace.Span('req-p', root.span_id, 'cast x', 'cast', 'compute-api', 'h0',
                        {'to': 'compute.h1'}, server_id='srv-1'),
             trace.Span('req-p', root.span_id, 'handle x', 'handle', 'compute', 'h1',
                        {'queue_wait_ms': 0.25}, server_id='srv-2')]
    spans[2].db_statements, spans[2].db_transactions = 3, 1
    for s in spans + [root]:
        s.finish(outcome='error boom' if s is spans[2] else None)
    trace._BUFFER.clear()
    trace_db.save_spans(spans + [root])
    with database.get_engine().connect() as conn:
        kinds = sorted(r[0] for r in conn.exec_driver_sql(
            "SELECT kind FROM trace_spans WHERE trace_id = 'req-p'"))
    assert kinds == ['http', 'pack', 'pack']
    got = trace_db.trace_get('req-p')
    assert [s['name'] for s in got['spans']] == ['POST /s', 'GET /image', 'cast x', 'handle x']
    assert got['span_count'] == 4 and got['server_ids'] == ['srv-1', 'srv-2']
    handle = got['spans'][3]
    assert (handle['service'], handle['host'], handle['outcome'], handle['server_id']) == (
        'compute', 'h1', 'error boom', 'srv-2')
    assert handle['attributes'] == {'queue_wait_ms': 0.25, 'db_transactions': 1,
                                    'db_statements': 3}
    assert got['spans'][1]['server_id'] is None and got['spans'][2]['server_id'] == 'srv-1'
    assert got['spans'][1]['outcome'] == 'ok' and got['spans'][1]['pid'] == root.pid
    assert got['spans'][0]['attributes']['status'] == 202
    [listed] = trace_db.trace_list(server_id='srv-2')
    assert listed['request_id'] == 'req-p' and listed['span_count'] == 4
    trace_db.prune(max_spans=3, max_age=0)  # the spans in packs count: the oldest row goes
    with database.get_engine().connect() as conn:
        left = [r[0] for r in conn.exec_driver_sql('SELECT name FROM trace_spans')]
    assert sorted(left) == ['1 spans', '2 spans']


def test_a_packed_span_keeps_its_own_empty_values(database):
    """A span whose service, host or outcome is None or '' reads back so, not as the pack's."""
    root = trace.Span('req-e', None, 'GET /s', 'http', 'compute-api', 'h0', {})
    spans = [trace.Span('req-e', root.span_id, 'a', 'rest', 'compute-api', 'h0', {}),
             trace.Span('req-e', root.span_id, 'b', 'rest', None, '', {})]
    for s in spans + [root]:
        s.finish(outcome='')
    spans[0].outcome = 'ok'
    trace._BUFFER.clear()
    trace_db.save_spans(spans + [root])
    got = {s['name']: s for s in trace_db.trace_get('req-e')['spans']}
    assert (got['a']['service'], got['a']['host'], got['a']['outcome']) == (
        'compute-api', 'h0', 'ok')
    assert (got['b']['service'], got['b']['host'], got['b']['outcome']) == (None, '', '')
    assert got['b']['pid'] == root.pid
