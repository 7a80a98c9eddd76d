"""``novalite trace``'s waterfall (novalite/trace_waterfall.py; importing novalite.cmd would
monkey-patch the test process)."""
from novalite import trace_waterfall as trace_cmd


def _span(id, parent, name, offset, duration, outcome='ok'):
    return {'id': id, 'parent_id': parent, 'name': name, 'kind': 'step', 'service': 'svc',
            'host': 'h', 'offset_ms': offset, 'duration_ms': duration, 'outcome': outcome}


def test_render_nests_and_scales():
    trace = {'request_id': 'req-1', 'name': 'POST /s', 'status': 202, 'project_id': 'p',
             'spans': [_span('a', None, 'POST /s', 0, 100),
                       _span('b', 'a', 'cast x', 10, 0.0),
                       _span('c', 'b', 'handle x', 50, 50, outcome='error boom'),
                       _span('d', 'gone', 'orphan', 60, 10)]}
    lines = trace_cmd.render(trace, width=120).splitlines()
    assert lines[0].startswith('req-1 POST /s  (202 p, 4 spans, 100.0 ms)')
    rows = lines[2:]
    assert [r.split()[2] for r in rows] == ['POST', 'cast', 'handle', 'orphan']
    assert '    handle x' in rows[2] and rows[2].endswith('! error boom')
    assert rows[1].rstrip().endswith('|')  # an instant span
    assert rows[0].count('#') > rows[2].split('!')[0].count('#') > 0
