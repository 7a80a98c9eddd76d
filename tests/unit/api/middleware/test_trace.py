"""The HTTP span of api/middleware/trace.py."""
import webob

from novalite import context as nl_context
from novalite import trace
from novalite.api.middleware import trace as trace_mw


def _app(environ, start_response):
    environ['novalite.context'] = nl_context.RequestContext(user_id='u', project_id='p1')
    seen = trace.current()
    start_response('404 Not Found', [('OpenStack-API-Version', 'compute 2.79')])
    return [seen.span_id.encode() if seen else b'']


def _call(headers=None, service='compute', path='/v2.1/servers/x'):
    req = webob.Request.blank(path, headers=headers or {})
    req.environ['openstack.request_id'] = 'req-abc'
    req.environ['novalite.service'] = service
    req.environ['SCRIPT_NAME'] = '/' + service
    return req.get_response(trace_mw.TraceMiddleware(_app))


def test_http_span(sink):
    resp = _call()
    trace.flush()
    [span] = sink
    assert span['trace_id'] == 'req-abc' and span['parent_id'] is None
    assert span['span_id'] == resp.body.decode()  # current while the app ran
    assert span['name'] == 'GET /compute/v2.1/servers/x' and span['service'] == 'compute-api'
    assert span['attrs']['status'] == 404 and span['attrs']['microversion'] == '2.79'
    assert span['project_id'] == 'p1' and span['outcome'] == 'error 404'


def test_internal_call_continues_the_callers_trace(sink):
    _call(headers={'X-Novalite-Trace': 'req-root;abcd;p9'}, service='network',
          path='/v2.0/ports')
    trace.flush()
    [span] = sink
    assert (span['trace_id'], span['parent_id'], span['project_id']) == ('req-root', 'abcd',
                                                                         'p9')
    assert span['attrs']['request_id'] == 'req-abc'


def test_untraced_when_off_or_for_novalites_own_api(sink):
    _call(service='novalite', path='/v1/traces')
    trace.configure(enabled=False)
    assert _call().body == b''
    trace.flush()
    assert sink == []
