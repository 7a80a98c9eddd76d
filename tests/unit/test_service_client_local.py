"""service_client.LocalAdapter: the all-in-one's REST calls to its own services handed to the
WSGI application in process, with what eventlet.wsgi would hand over and answer."""
import json

import pytest
import requests
import webob
import webob.dec

from novalite import service_client

URL = 'http://127.0.0.1:8774'


def session(app):
    http = requests.Session()
    http.trust_env = False
    http.mount(URL + '/', service_client.LocalAdapter(app))
    return http


@webob.dec.wsgify
def echo(req):
    """Answers what it was handed."""
    resp = webob.Response(status=201 if req.method == 'POST' else 200)
    resp.content_type = 'application/json'
    resp.charset = None
    resp.headers['X-Openstack-Request-Id'] = 'req-1'
    resp.body = json.dumps({
        'method': req.method, 'path_info': req.environ['PATH_INFO'],
        'raw_path': req.environ['RAW_PATH_INFO'], 'query': req.environ['QUERY_STRING'],
        'script_name': req.environ['SCRIPT_NAME'], 'host': req.host,
        'token': req.headers.get('X-Auth-Token'), 'trace': req.headers.get('X-Novalite-Trace'),
        'content_type': req.environ.get('CONTENT_TYPE'),
        'content_length': req.environ.get('CONTENT_LENGTH'),
        'chunked': req.environ.get('HTTP_TRANSFER_ENCODING'),
        'body': req.environ['wsgi.input'].read().decode('latin-1')}).encode()
    return resp


def test_request_reaches_the_app_as_from_the_server():
    resp = session(echo).post(URL + '/image/v2/images/a%2Fb?name=x%20y', json={'k': 1},
                              headers={'X-Auth-Token': 'tok', 'X-Novalite-Trace': 't-1'})
    assert resp.status_code == 201
    assert resp.headers['x-openstack-request-id'] == 'req-1'
    assert resp.headers['Content-Type'] == 'application/json'
    seen = resp.json()
    assert seen['method'] == 'POST'
    assert seen['path_info'] == '/image/v2/images/a/b'  # percent-decoded, as PEP 3333
    assert seen['raw_path'] == '/image/v2/images/a%2Fb'
    assert seen['query'] == 'name=x%20y'
    assert seen['script_name'] == ''
    assert seen['host'] == '127.0.0.1:8774'
    assert seen['token'] == 'tok' and seen['trace'] == 't-1'
    assert seen['content_type'] == 'application/json'
    assert json.loads(seen['body']) == {'k': 1}
    assert seen['content_length'] == str(len(seen['body']))
    assert resp.url == URL + '/image/v2/images/a%2Fb?name=x%20y'


def test_get_without_body_has_no_content_length():
    seen = session(echo).get(URL + '/compute/v2.1/servers').json()
    assert seen['content_length'] is None and seen['body'] == ''
    assert seen['content_type'] == 'text/plain'  # eventlet.wsgi's default


def test_error_status_and_body_pass_through():
    def app(environ, start_response):
        start_response('404 Not Found', [('Content-Type', 'application/json'),
                                         ('Content-Length', '12')])
        return [b'{"a": ', b'"b"}']
    resp = session(app).get(URL + '/networking/v2.0/networks/x')
    assert resp.status_code == 404 and resp.reason == 'Not Found'
    assert resp.json() == {'a': 'b'}
    assert not resp.ok


def test_chunked_request_body_from_an_iterable():
    resp = session(echo).put(URL + '/image/v2/images/1/file',
                             data=(c for c in [b'abc', b'', b'def']),
                             headers={'Content-Type': 'application/octet-stream'})
    seen = resp.json()
    assert seen['chunked'] == 'chunked' and seen['content_length'] is None
    assert seen['body'] == 'abcdef'


def test_file_request_body(tmp_path):
    path = tmp_path / 'data'
    path.write_bytes(b'x' * 70000)
    with open(path, 'rb') as f:
        seen = session(echo).put(URL + '/image/v2/images/1/file', data=f).json()
    assert seen['content_length'] == '70000' and seen['body'] == 'x' * 70000


def test_streamed_response_is_read_as_the_caller_reads_and_closed():
    produced, closed = [], []

    class Body:
        def __iter__(self):
            for i in range(4):
                produced.append(i)
                yield bytes([65 + i]) * 1000

        def close(self):
            closed.append(True)

    def app(environ, start_response):
        start_response('200 OK', [('Content-Type', 'application/octet-stream')])
        return Body()

    with session(app).get(URL + '/image/v2/images/1/file', stream=True) as resp:
        assert resp.status_code == 200 and produced == []
        chunks = list(resp.iter_content(1500))
    assert b''.join(chunks) == b'A' * 1000 + b'B' * 1000 + b'C' * 1000 + b'D' * 1000
    assert [len(c) for c in chunks] == [1500, 1500, 1000]
    assert closed == [True]


def test_unread_streamed_response_is_closed():
    closed = []

    class Body(list):
        def close(self):
            closed.append(True)

    def app(environ, start_response):
        start_response('200 OK', [])
        return Body([b'a', b'b'])

    resp = session(app).get(URL + '/x', stream=True)
    resp.close()
    assert closed == [True]


def test_generator_application_and_write_callable():
    def app(environ, start_response):
        write = start_response('200 OK', [('Content-Type', 'text/plain')])
        write(b'first ')
        yield b'second'
    resp = session(app).get(URL + '/x')
    assert resp.text == 'first second'


def test_head_has_no_body():
    resp = session(echo).head(URL + '/x')
    assert resp.status_code == 200 and resp.content == b''


def test_application_exception_is_a_500():
    def app(environ, start_response):
        raise RuntimeError('boom')
    resp = session(app).get(URL + '/x')
    assert resp.status_code == 500


def test_an_answer_without_a_status_is_a_500():
    def app(environ, start_response):
        return []
    resp = session(app).get(URL + '/x')
    assert resp.status_code == 500


def test_failure_while_sending_the_body_is_a_dropped_connection():
    def app(environ, start_response):
        start_response('200 OK', [])
        yield b'part'
        raise RuntimeError('disk gone')
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        session(app).get(URL + '/x')
    with session(app).get(URL + '/x', stream=True) as resp, pytest.raises(
            requests.exceptions.ChunkedEncodingError):
        list(resp.iter_content(2))


def test_other_urls_are_not_served_in_process():
    http = session(echo)
    assert isinstance(http.get_adapter(URL + '/compute'), service_client.LocalAdapter)
    assert not isinstance(http.get_adapter('http://127.0.0.1:8775/compute'),
                          service_client.LocalAdapter)


def test_serve_in_process_mounts_on_the_shared_session(monkeypatch):
    monkeypatch.setattr(service_client, '_SESSION', None)
    service_client.serve_in_process(URL + '/', echo)
    assert service_client.http().get(URL + '/identity/v3').json()['path_info'] == \
        '/identity/v3'


def test_under_eventlet_the_app_runs_in_a_green_thread_of_its_own(monkeypatch):
    import contextvars
    var = contextvars.ContextVar('request_state', default=None)

    def app(environ, start_response):
        var.set('the request')  # as the trace middleware sets the request's span
        start_response('200 OK', [])
        return [b'ok']

    monkeypatch.setattr(service_client.concurrency, 'patched', lambda: True)
    var.set('the caller')
    assert session(app).get(URL + '/x').text == 'ok'
    assert var.get() == 'the caller'


def test_the_wsgi_server_yields_once_per_request(monkeypatch):
    from novalite import concurrency
    slept = []
    monkeypatch.setattr(concurrency.eventlet, 'sleep', lambda s=0: slept.append(s))

    def app(environ, start_response):
        start_response('200 OK', [])
        return [b'ok']
    assert session(concurrency.yielding(app)).get(URL + '/x').text == 'ok'
    assert slept == [0]


def test_under_eventlet_a_slow_answer_is_a_read_timeout(monkeypatch):
    from novalite import concurrency

    def app(environ, start_response):
        concurrency.sleep(0.3)
        start_response('200 OK', [])
        return [b'late']

    monkeypatch.setattr(service_client.concurrency, 'patched', lambda: True)
    with pytest.raises(requests.exceptions.ReadTimeout):
        session(app).get(URL + '/x', timeout=0.05)
    assert session(app).get(URL + '/x', timeout=(0.01, 5)).text == 'late'


def test_under_eventlet_the_callers_own_timeout_is_not_a_read_timeout(monkeypatch):
    import eventlet
    from novalite import concurrency

    def app(environ, start_response):
        concurrency.sleep(0.3)
        start_response('200 OK', [])
        return [b'late']

    monkeypatch.setattr(service_client.concurrency, 'patched', lambda: True)
    with pytest.raises(eventlet.Timeout), eventlet.Timeout(0.05):
        session(app).get(URL + '/x', timeout=5)
