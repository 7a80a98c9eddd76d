"""novalite/trace.py and its hops: spans, nesting, carriers, the RPC and driver wrappers."""
import pytest

from novalite import context as nl_context
from novalite import rpc
from novalite import trace
from novalite import trace_rpc
from novalite.virt import tracing


def test_nothing_is_recorded_outside_a_trace(sink):
    with trace.span('spawn', 'step') as s:
        assert s is None
    assert trace.event('x', 'state') is None and trace.carrier() is None
    trace.flush()
    assert sink == []


def test_children_nest_and_errors_are_outcomes(sink):
    root = trace.begin('req-1', 'GET /x', 'http', 'compute-api')
    with trace.activate(root):
        with trace.span('spawn', 'step', server_id='srv') as step:
            trace.event('vm_state active', 'state')
            trace.count_statement()
        with pytest.raises(ValueError):
            with trace.span('power_off', 'step'):
                raise ValueError('boom')
    trace.flush()
    by_name = {s['name']: s for s in sink}
    assert by_name['spawn']['parent_id'] == root.span_id
    assert by_name['vm_state active']['parent_id'] == step.span_id
    assert by_name['vm_state active']['server_id'] == 'srv'
    assert by_name['spawn']['attrs']['db_statements'] == 1
    assert by_name['power_off']['outcome'] == 'error ValueError: boom'
    assert {s['trace_id'] for s in sink} == {'req-1'}
    assert trace.current() is None


def test_switched_off_records_nothing(sink):
    trace.configure(enabled=False)
    assert trace.begin('req-1', 'GET /x', 'http', 'compute-api') is None


def test_header_round_trip(sink):
    with trace.activate(trace.begin('req-2', 'POST /y', 'http', 'compute-api')) as root:
        root.project_id = 'p1'
        carrier = trace.parse_header(trace.header_value())
    assert carrier == {'trace_id': 'req-2', 'span_id': root.span_id, 'project_id': 'p1'}
    for bad in (None, '', 'a;b', 'x' * 65 + ';b;', ';b;c'):
        assert trace.parse_header(bad) is None
    cont = trace.begin('req-other', 'GET /image', 'http', 'image-api', carrier=carrier)
    assert (cont.trace_id, cont.parent_id, cont.project_id) == ('req-2', root.span_id, 'p1')


def test_state_writes_become_state_spans(sink):
    with trace.activate(trace.begin('req-3', 'POST /s', 'http', 'compute-api')) as root:
        trace.states('srv-1', {'vm_state': 'active', 'task_state': None, 'power_state': 1,
                               'launched_at': 'now'})
    trace.flush()
    names = [s['name'] for s in sink if s['kind'] == 'state']
    assert names == ['vm_state active', 'task_state None', 'power_state running']
    assert root.server_id == 'srv-1'


class _Client:
    def __init__(self):
        self.sent = []

    def prepare(self, **kwargs):
        return self

    def cast(self, ctxt, method, **kwargs):
        self.sent.append(rpc.ContextSerializer().serialize_context(ctxt))

    call = cast


class _Manager:
    target = 'the-target'

    def build(self, ctxt, instance):
        trace.event('inside', 'state')
        return instance['uuid']


def test_rpc_carries_the_span_to_the_handler(sink):
    client = trace_rpc.TracedClient(_Client(), 'compute')
    ctx = nl_context.RequestContext(user_id='u', project_id='p')
    with trace.activate(trace.begin('req-4', 'POST /s', 'http', 'compute-api')):
        client.prepare(server='host1').cast(ctx, 'build', instance={'uuid': 'srv'})
    message_ctx = client._client.sent[0]
    received = rpc.ContextSerializer().deserialize_context(message_ctx)
    endpoint = trace_rpc.TracedEndpoint(_Manager(), 'compute', 'host1')
    assert endpoint.target == 'the-target'
    assert endpoint.build(received, instance={'uuid': 'srv'}) == 'srv'
    trace.flush()
    cast = [s for s in sink if s['kind'] == 'cast'][0]
    handle = [s for s in sink if s['kind'] == 'handle'][0]
    inside = [s for s in sink if s['name'] == 'inside'][0]
    assert cast['name'] == 'cast compute.host1.build' and cast['server_id'] == 'srv'
    assert handle['parent_id'] == cast['span_id'] and handle['host'] == 'host1'
    assert handle['attrs']['queue_wait_ms'] >= 0 and inside['parent_id'] == handle['span_id']
    # a message without a trace runs the method untraced
    assert endpoint.build(nl_context.get_admin_context(), instance={'uuid': 'x'}) == 'x'


class _Driver:
    def __init__(self):
        self.flag = 1

    def spawn(self, context, instance, image_meta, network_info):
        return 'spawned'

    def get_power_state(self, instance):
        return 1


def test_driver_steps_are_spans(sink):
    driver = tracing.TracedDriver(_Driver())
    driver.flag = 2
    assert driver.wrapped.flag == 2
    with trace.activate(trace.begin('req-5', 'POST /s', 'http', 'compute-api')):
        assert driver.spawn(None, {'uuid': 'srv'}, {}, []) == 'spawned'
        assert driver.get_power_state({'uuid': 'srv'}) == 1
    trace.flush()
    assert [(s['kind'], s['name'], s['server_id']) for s in sink if s['kind'] == 'step'] \
        == [('step', 'spawn', 'srv')]


def test_a_failed_flush_keeps_the_newest_spans(monkeypatch):
    """The spans a sink failed on go back in front; when the buffer is full, the oldest
    are the ones dropped."""
    import collections
    monkeypatch.setattr(trace, '_BUFFER', collections.deque(maxlen=3))
    old = trace.SETTINGS.sink, trace.SETTINGS.enabled

    def failing(spans):
        trace._BUFFER.extend(['new1', 'new2'])  # finished while the sink was busy
        raise OSError('database is locked')
    failing.takes_spans = True
    trace.configure(enabled=True, sink=failing)
    try:
        trace._BUFFER.extend(['old1', 'old2'])
        with pytest.raises(OSError):
            trace.flush()
        assert list(trace._BUFFER) == ['old2', 'new1', 'new2']
    finally:
        trace.SETTINGS.sink, trace.SETTINGS.enabled = old
