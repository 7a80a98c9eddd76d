"""The Router (novalite/api/wsgi.py) behind faultwrap, over a small test controller."""
import json
import uuid

import pytest
import webob

from novalite import context
from novalite import exception
from novalite.api import wsgi
from novalite.api.middleware import faultwrap

PROJECT = uuid.uuid4().hex
OTHER_PROJECT = uuid.uuid4().hex
SECRET = 'password=hunter2 at db.internal'


class ThingsController:
    """A controller as stevedore would load it; it records what the Router handed it."""

    def __init__(self):
        self.calls = []

    def index(self, req):
        self.calls.append(('index', str(req.api_version), req.legacy_v2))
        return {'things': []}

    def show(self, req, id):
        self.calls.append(('show', id))
        return {'thing': {'id': id, 'self': req.link('things', id)}}

    @wsgi.response(201)
    def create(self, req, body):
        self.calls.append(('create', body))
        return {'thing': body}

    @wsgi.response(202)
    def action(self, req, id, body):
        self.calls.append(('action', id, body))

    @wsgi.response(204)
    def delete(self, req, id):
        self.calls.append(('delete', id))

    def touch(self, req, id):
        self.calls.append(('touch', id))

    def update(self, req, id, body):
        return wsgi.ResponseObject({'thing': body}, status=200,
                                   headers={'Location': 'http://x/things/%s' % id})

    def missing(self, req):
        raise exception.InstanceNotFound(instance_id='abc')

    def boom(self, req):
        raise RuntimeError(SECRET)

    def webob_error(self, req):
        import webob.exc
        raise webob.exc.HTTPConflict(explanation='raised as webob')

    def conflict(self, req):
        raise exception.InstanceInvalidState(method='reboot', instance_uuid='u1',
                                             attr='vm_state', state='building')


TABLE = [
    ('/things', {'GET': ('things', 'index'), 'POST': ('things', 'create')}),
    ('/things/missing', {'GET': ('things', 'missing')}),
    ('/things/boom', {'GET': ('things', 'boom')}),
    ('/things/conflict', {'GET': ('things', 'conflict')}),
    ('/things/webob', {'GET': ('things', 'webob_error')}),
    ('/things/{id}', {'GET': ('things', 'show'), 'PUT': ('things', 'update'),
                      'DELETE': ('things', 'delete')}),
    ('/things/{id}/action', {'POST': ('things', 'action')}),
    ('/things/{id}/touch', {'POST': ('things', 'touch')}),
]
PREFIXES = ('/v2.1', '/v2.1/{project_id}', '/v2/{project_id}')
ROOT = [('', {'GET': ('things', 'index')})]


@pytest.fixture
def controller(monkeypatch):
    things = ThingsController()
    monkeypatch.setattr(wsgi, '_load_controllers', lambda namespace, conf: {'things': things})
    return things


@pytest.fixture
def app(conf, controller):
    router = wsgi.Router(conf, 'novalite.test.controllers', TABLE, prefixes=PREFIXES,
                         root=ROOT, microversions=True)
    return faultwrap.FaultWrapper(router)


def call(app, method, path, body=None, raw=None, headers=None, content_type=None,
         project_id=PROJECT, service='compute'):
    req = webob.Request.blank(path, method=method, headers=headers or {})
    req.environ['novalite.service'] = service
    req.environ['novalite.context'] = context.RequestContext(
        user_id='u1', project_id=project_id, roles=['member'], overwrite=False)
    if body is not None:
        raw = json.dumps(body).encode()
        content_type = content_type or 'application/json'
    if raw is not None:
        req.body = raw
    if content_type:
        req.content_type = content_type
    resp = req.get_response(app)
    data = json.loads(resp.body) if resp.body and resp.content_type == 'application/json' \
        else resp.body
    return resp, data


# --------------------------------------------------------------------------- routing

def test_get_routes_to_the_controller(app, controller):
    resp, data = call(app, 'GET', '/v2.1/things/t1')
    assert resp.status_int == 200
    assert resp.content_type == 'application/json'
    assert data['thing']['id'] == 't1'
    assert data['thing']['self'] == 'http://localhost/v2.1/things/t1'
    assert controller.calls == [('show', 't1')]


def test_trailing_slash_is_ignored_by_default(conf, controller):
    app = faultwrap.FaultWrapper(wsgi.Router(conf, 'novalite.test.controllers', TABLE,
                                             prefixes=('/v2.0',)))
    resp, data = call(app, 'GET', '/v2.0/things/')
    assert resp.status_int == 200 and data == {'things': []}


@pytest.mark.parametrize('method,path', [('GET', '/v2.1/things/'),
                                         ('DELETE', '/v2.1/things/'),
                                         ('GET', '/v2.1/things/t1/')])
def test_strict_slashes_404_like_nova(conf, controller, method, path):
    """Nova's mapper matches literally: DELETE /images/ (an empty id) is a 404."""
    app = faultwrap.FaultWrapper(wsgi.Router(
        conf, 'novalite.test.controllers', TABLE, prefixes=PREFIXES, root=ROOT,
        microversions=True, strict_slashes=True))
    resp, data = call(app, method, path)
    assert resp.status_int == 404
    assert data['itemNotFound']['code'] == 404
    assert controller.calls == []


@pytest.mark.parametrize('path', ['/', '/v2.1/', '/v2.1/%s/' % PROJECT],
                         ids=['root', 'v2.1', 'v2.1-project'])
def test_strict_slashes_keep_version_documents(conf, controller, path):
    app = faultwrap.FaultWrapper(wsgi.Router(
        conf, 'novalite.test.controllers', TABLE + [('', {'GET': ('things', 'index')})],
        prefixes=PREFIXES, root=ROOT, microversions=True, strict_slashes=True))
    resp, _ = call(app, 'GET', path)
    assert resp.status_int == 200


def test_project_id_in_url_matching_the_context(app, controller):
    resp, data = call(app, 'GET', '/v2.1/%s/things/t1' % PROJECT)
    assert resp.status_int == 200
    assert data['thing']['self'] == 'http://localhost/v2.1/%s/things/t1' % PROJECT
    assert controller.calls == [('show', 't1')]


def test_unknown_path_is_404_in_nova_fault_format(app, controller):
    resp, data = call(app, 'GET', '/v2.1/nothing-here')
    assert resp.status_int == 404
    assert resp.content_type == 'application/json'
    assert set(data) == {'itemNotFound'}
    assert data['itemNotFound']['code'] == 404
    assert data['itemNotFound']['message']
    assert controller.calls == []


def test_wrong_method_is_405_with_allow(app, controller):
    resp, data = call(app, 'PATCH', '/v2.1/things/t1')
    assert resp.status_int == 405
    assert data['badMethod']['code'] == 405
    allowed = {m.strip() for m in resp.headers['Allow'].split(',')}
    assert allowed == {'GET', 'PUT', 'DELETE'}
    assert controller.calls == []


def test_head_is_served_by_get(app, controller):
    resp, _ = call(app, 'HEAD', '/v2.1/things/t1')
    assert resp.status_int == 200
    assert controller.calls == [('show', 't1')]


def test_trailing_slash_is_tolerated(app, controller):
    resp, data = call(app, 'GET', '/v2.1/things/t1/')
    assert resp.status_int == 200
    assert data['thing']['id'] == 't1'
    resp, _ = call(app, 'GET', '/v2.1/things/')
    assert resp.status_int == 200


def test_root_rows_are_served_unprefixed_without_microversions(app, controller):
    resp, data = call(app, 'GET', '/', headers={'OpenStack-API-Version': 'compute 2.5'})
    assert resp.status_int == 200
    assert data == {'things': []}
    assert 'OpenStack-API-Version' not in resp.headers
    assert controller.calls == [('index', '2.1', False)]


def test_project_id_not_matching_the_context_is_400(app, controller):
    resp, data = call(app, 'GET', '/v2.1/%s/things/t1' % OTHER_PROJECT)
    assert resp.status_int == 400
    message = data['badRequest']['message']
    assert message.startswith('Malformed request URL')
    assert OTHER_PROJECT in message and PROJECT in message
    assert controller.calls == []


def test_project_id_that_is_not_a_project_id_does_not_route(app, controller):
    resp, _ = call(app, 'GET', '/v2.1/not_hex!/things/t1')
    assert resp.status_int == 404
    assert controller.calls == []


# --------------------------------------------------------------------------- bodies

def test_json_body_is_decoded_and_201_from_the_decorator(app, controller):
    resp, data = call(app, 'POST', '/v2.1/things', body={'thing': {'name': 'a'}})
    assert resp.status_int == 201
    assert data == {'thing': {'thing': {'name': 'a'}}}
    assert controller.calls == [('create', {'thing': {'name': 'a'}})]


def test_empty_body_is_none(app, controller):
    resp, _ = call(app, 'POST', '/v2.1/things')
    assert resp.status_int == 201
    assert controller.calls == [('create', None)]


def test_json_content_type_with_charset_is_accepted(app, controller):
    resp, _ = call(app, 'POST', '/v2.1/things', raw=b'{"a": 1}',
                   content_type='application/json; charset=UTF-8')
    assert resp.status_int == 201
    assert controller.calls == [('create', {'a': 1})]


def test_malformed_json_is_400(app, controller):
    resp, data = call(app, 'POST', '/v2.1/things', raw=b'{not json',
                      content_type='application/json')
    assert resp.status_int == 400
    assert data['badRequest']['code'] == 400
    assert 'Malformed request body' in data['badRequest']['message']
    assert controller.calls == []


def test_non_json_content_type_is_415(app, controller):
    resp, data = call(app, 'POST', '/v2.1/things', raw=b'name=a',
                      content_type='application/x-www-form-urlencoded')
    assert resp.status_int == 415
    assert data['badMediaType']['code'] == 415
    assert controller.calls == []


def test_accepted_from_the_decorator_with_an_empty_body(app, controller):
    resp, data = call(app, 'POST', '/v2.1/things/t1/action', body={'reboot': {}})
    assert resp.status_int == 202
    assert resp.body == b''
    assert controller.calls == [('action', 't1', {'reboot': {}})]


def test_204_on_none_has_no_body_and_no_content_type(app, controller):
    resp, _ = call(app, 'DELETE', '/v2.1/things/t1')
    assert resp.status_int == 204
    assert resp.body == b''
    assert 'Content-Type' not in resp.headers
    assert controller.calls == [('delete', 't1')]


def test_none_without_a_status_decorator_is_an_empty_200(app, controller):
    # Nova's ResponseObject: the status comes from @wsgi.response, else 200
    resp, _ = call(app, 'POST', '/v2.1/things/t1/touch')
    assert resp.status_int == 200
    assert resp.body == b''
    assert controller.calls == [('touch', 't1')]


def test_response_object_sets_status_and_headers(app, controller):
    resp, data = call(app, 'PUT', '/v2.1/things/t1', body={'x': 1})
    assert resp.status_int == 200
    assert resp.headers['Location'] == 'http://x/things/t1'
    assert data == {'thing': {'x': 1}}


# --------------------------------------------------------------------------- microversions

def test_microversion_negotiated_and_echoed(app, controller):
    resp, _ = call(app, 'GET', '/v2.1/things',
                   headers={'OpenStack-API-Version': 'compute 2.19'})
    assert resp.status_int == 200
    assert controller.calls == [('index', '2.19', False)]
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.19'
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.19'
    vary = {h.strip().lower() for h in resp.headers['Vary'].split(',')}
    assert {'openstack-api-version', 'x-openstack-nova-api-version'} <= vary


def test_legacy_microversion_header_echoed(app, controller):
    resp, _ = call(app, 'GET', '/v2.1/things',
                   headers={'X-OpenStack-Nova-API-Version': '2.5'})
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.5'
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.5'


def test_no_microversion_header_means_2_1(app, controller):
    resp, _ = call(app, 'GET', '/v2.1/things')
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.1'
    assert controller.calls == [('index', '2.1', False)]


def test_legacy_v2_ignores_microversions(app, controller):
    resp, _ = call(app, 'GET', '/v2/%s/things' % PROJECT,
                   headers={'OpenStack-API-Version': 'compute 2.30'})
    assert resp.status_int == 200
    assert controller.calls == [('index', '2.1', True)]
    assert 'OpenStack-API-Version' not in resp.headers


def test_bad_microversion_is_400(app, controller):
    resp, data = call(app, 'GET', '/v2.1/things',
                      headers={'OpenStack-API-Version': 'compute 2.x'})
    assert resp.status_int == 400
    assert 'is of invalid format' in data['badRequest']['message']
    assert controller.calls == []


def test_unsupported_microversion_is_406(app, controller):
    resp, data = call(app, 'GET', '/v2.1/things',
                      headers={'OpenStack-API-Version': 'compute 2.1000'})
    assert resp.status_int == 406
    assert set(data) == {'computeFault'}  # Nova has no fault name for 406
    fault = data['computeFault']
    assert fault['code'] == 406
    assert 'not supported' in fault['message']
    assert controller.calls == []


def test_no_microversions_for_services_without_them(conf, controller):
    router = wsgi.Router(conf, 'novalite.test.controllers', TABLE, prefixes=('/v2.0',))
    resp, _ = call(faultwrap.FaultWrapper(router), 'GET', '/v2.0/things',
                   headers={'OpenStack-API-Version': 'compute 2.1000'})
    assert resp.status_int == 200
    assert 'OpenStack-API-Version' not in resp.headers


# --------------------------------------------------------------------------- errors

def test_novalite_exception_becomes_its_fault(app):
    resp, data = call(app, 'GET', '/v2.1/things/missing')
    assert resp.status_int == 404
    assert data == {'itemNotFound': {'code': 404,
                                     'message': 'Instance abc could not be found.'}}


def test_conflict_fault_name(app):
    resp, data = call(app, 'GET', '/v2.1/things/conflict')
    assert resp.status_int == 409
    assert data['conflictingRequest']['code'] == 409
    assert 'building' in data['conflictingRequest']['message']


def test_unexpected_exception_is_500_compute_fault_without_its_text(app):
    resp, data = call(app, 'GET', '/v2.1/things/boom')
    assert resp.status_int == 500
    assert set(data) == {'computeFault'}
    assert data['computeFault']['code'] == 500
    assert SECRET not in resp.text
    assert 'hunter2' not in resp.text
    assert 'RuntimeError' not in resp.text


def test_route_naming_an_unknown_controller_is_refused(conf, controller):
    with pytest.raises(RuntimeError, match='unknown controller'):
        wsgi.Router(conf, 'novalite.test.controllers',
                    [('/x', {'GET': ('nope', 'index')})])


def test_webob_errors_from_controllers_use_the_fault_format(app):
    resp, data = call(app, 'GET', '/v2.1/things/webob')
    assert resp.status_int == 409
    assert data == {'conflictingRequest': {'code': 409, 'message': 'raised as webob'}}


def test_error_responses_carry_the_microversion_headers(app):
    resp, data = call(app, 'GET', '/v2.1/things/missing',
                      headers={'OpenStack-API-Version': 'compute 2.9'})
    assert resp.status_int == 404 and 'itemNotFound' in data
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.9'
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.9'


# ---------------------------------------------------------------- hostile bodies (issue 18)
@pytest.mark.parametrize('raw, reason', [
    (b'[' * 6000, 'nested too deeply'),
    (b'{"a": "\\ud800"}', 'lone surrogate'),
    (b'{"a": ["x", {"\\udfff": 1}]}', 'lone surrogate'),
    (b'\xff\xfe{}', 'not valid JSON'),
    (b'{"a": 1', 'not valid JSON'),
])
def test_load_json_refuses_what_cannot_be_decoded(raw, reason):
    with pytest.raises(ValueError, match=reason):
        wsgi.load_json(raw)


def test_load_json_keeps_surrogate_pairs():
    assert wsgi.load_json(b'{"a": "\\ud83d\\ude00"}') == {'a': '\U0001F600'}
