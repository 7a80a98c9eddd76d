"""faultwrap: each service's fault dialect (novalite/api/middleware/faultwrap.py)."""
import json

import pytest
import webob
import webob.dec
import webob.exc

from novalite import exception
from novalite.api.middleware import faultwrap


def _raising(exc):
    def app(environ, start_response):  # plain WSGI: the exception reaches faultwrap as is
        raise exc
    return faultwrap.FaultWrapper(app)


def _call(app, service):
    req = webob.Request.blank('/anything')
    if service is not None:
        req.environ['novalite.service'] = service
    return req.get_response(app)


def test_passes_good_responses_through():
    @webob.dec.wsgify
    def app(req):
        return webob.Response(json_body={'ok': True}, status=201)
    resp = _call(faultwrap.FaultWrapper(app), 'compute')
    assert resp.status_int == 201
    assert resp.json_body == {'ok': True}


@pytest.mark.parametrize('exc, code, name', [
    (exception.Invalid('bad thing'), 400, 'badRequest'),
    (exception.NotAuthenticated(), 401, 'unauthorized'),
    (exception.PolicyNotAuthorized(action='os_compute_api:servers:show'), 403, 'forbidden'),
    (exception.FlavorNotFound(flavor_id='42'), 404, 'itemNotFound'),
    (exception.MethodNotAllowed(), 405, 'badMethod'),
    (exception.Conflict(reason='busy'), 409, 'conflictingRequest'),
    (exception.RequestEntityTooLarge(), 413, 'overLimit'),
    (exception.ServiceUnavailable(reason='down'), 503, 'serviceUnavailable'),
    (exception.NoValidHost(reason='none fit.'), 500, 'computeFault'),
])
def test_compute_faults_are_nova_bodies(exc, code, name):
    resp = _call(_raising(exc), 'compute')
    assert resp.status_int == code
    assert resp.content_type == 'application/json'
    assert json.loads(resp.body) == {name: {'code': code, 'message': exc.format_message()}}


def test_compute_is_the_default_style():
    resp = _call(_raising(exception.FlavorNotFound(flavor_id='42')), None)
    assert json.loads(resp.body) == {
        'itemNotFound': {'code': 404, 'message': 'Flavor 42 could not be found.'}}


def test_exception_headers_are_kept():
    exc = exception.MethodNotAllowed()
    exc.headers = {'Allow': 'GET, POST'}
    resp = _call(_raising(exc), 'compute')
    assert resp.status_int == 405
    assert resp.headers['Allow'] == 'GET, POST'


def test_webob_http_exceptions_become_faults_too():
    resp = _call(_raising(webob.exc.HTTPRequestEntityTooLarge(explanation='Too big.')),
                 'compute')
    assert resp.status_int == 413
    assert json.loads(resp.body) == {'overLimit': {'code': 413, 'message': 'Too big.'}}


def test_webob_405_keeps_allow():
    resp = _call(_raising(webob.exc.HTTPMethodNotAllowed(headers={'Allow': 'GET'})),
                 'compute')
    assert resp.status_int == 405
    assert resp.headers['Allow'] == 'GET'
    assert 'badMethod' in json.loads(resp.body)


@pytest.mark.parametrize('service', ['compute', 'identity', 'network', 'image'])
def test_unexpected_exception_is_500_without_its_text(service):
    resp = _call(_raising(KeyError('db-password-hunter2')), service)
    assert resp.status_int == 500
    assert 'hunter2' not in resp.text
    assert 'KeyError' not in resp.text


def test_unexpected_exception_compute_fault():
    resp = _call(_raising(ZeroDivisionError('secret')), 'compute')
    body = json.loads(resp.body)
    assert list(body) == ['computeFault']
    assert body['computeFault']['code'] == 500
    assert 'Unexpected API Error' in body['computeFault']['message']


def test_identity_faults_are_keystone_bodies():
    resp = _call(_raising(exception.NotAuthenticated()), 'identity')
    assert resp.status_int == 401
    assert resp.content_type == 'application/json'
    assert json.loads(resp.body) == {'error': {
        'code': 401, 'title': 'Unauthorized',
        'message': 'The request you have made requires authentication.'}}


def test_identity_not_found():
    resp = _call(_raising(exception.NotFound('Could not find project: p1.')), 'identity')
    assert json.loads(resp.body) == {'error': {'code': 404, 'title': 'Not Found',
                                               'message': 'Could not find project: p1.'}}


def test_network_faults_are_neutron_bodies():
    resp = _call(_raising(exception.NetworkNotFound(network_id='n1')), 'network')
    assert resp.status_int == 404
    assert resp.content_type == 'application/json'
    assert json.loads(resp.body) == {'NeutronError': {
        'type': 'NetworkNotFound', 'message': 'Network n1 could not be found.',
        'detail': ''}}


def test_network_fault_type_can_be_named_by_the_exception():
    exc = exception.Conflict(reason='IP in use')
    exc.neutron_type = 'IpAddressInUse'
    body = json.loads(_call(_raising(exc), 'network').body)
    assert body['NeutronError']['type'] == 'IpAddressInUse'


def test_image_faults_are_plain_text():
    resp = _call(_raising(exception.ImageNotFound(image_id='i1')), 'image')
    assert resp.status_int == 404
    assert resp.content_type == 'text/plain'
    assert resp.text.startswith('404 Not Found')
    assert 'Image i1 could not be found.' in resp.text
    with pytest.raises(ValueError):
        json.loads(resp.body)


# ------------------------------------------------ what the server hands over (issue 18)
@pytest.mark.parametrize('service, path, query', [
    ('compute', '/servers/\xff', ''), ('image', '/v2/images', 'name=%ff'),
    ('network', '/v2.0/networks/\xc3\x28', ''), ('identity', '/v3', 'a=%c3'),
])
def test_undecodable_paths_and_queries_are_a_400(service, path, query):
    reached = []

    def app(environ, start_response):
        reached.append(True)
        raise AssertionError('must not be reached')
    req = webob.Request.blank('/')
    req.environ.update(PATH_INFO=path, QUERY_STRING=query, **{'novalite.service': service})
    resp = req.get_response(faultwrap.FaultWrapper(app))
    assert resp.status_int == 400 and not reached
    assert 'not valid UTF-8' in resp.text


def test_a_chunked_body_is_readable():
    seen = []

    @webob.dec.wsgify
    def app(req):
        seen.append(req.body)
        return webob.Response()
    req = webob.Request.blank('/', method='POST', body=b'{"a": 1}')
    del req.environ['CONTENT_LENGTH']
    req.environ['HTTP_TRANSFER_ENCODING'] = 'chunked'
    req.get_response(faultwrap.FaultWrapper(app))
    assert seen == [b'{"a": 1}']


def test_other_neutron_faults_are_named_as_webob_errors():
    body = json.loads(_call(_raising(exception.NovaliteException('x')), 'network').body)
    assert body['NeutronError']['type'] == 'HTTPInternalServerError'
    body = json.loads(_call(_raising(exception.Invalid('x')), 'network').body)
    assert body['NeutronError']['type'] == 'HTTPBadRequest'
