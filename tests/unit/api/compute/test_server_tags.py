"""/servers/{id}/tags (2.26) in-process: CRUD with Nova's codes and messages, limits, states,
the 404 below 2.26, and the tag filters of GET /servers."""
import uuid

import pytest

from novalite import policies
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import session as db
from tests.unit.api.compute.test_server_metadata import FLAVOR

V = '2.26'


@pytest.fixture
def server(demo):
    def _make(tags=(), **values):
        row = {'uuid': str(uuid.uuid4()), 'project_id': demo[2], 'user_id': demo[1],
               'flavor_id': '1', 'flavor': FLAVOR, 'vcpus': 1, 'memory_mb': 64,
               'root_gb': 1, 'vm_state': states.ACTIVE, 'power_state': states.RUNNING,
               'host': 'h1', 'reservation_id': 'r-1', 'tags': list(tags),
               'display_name': 'vm'}
        row.update(values)
        with db.transaction() as session:
            return db_api.instance_create(session, row)['uuid']
    return _make


def tags(sid, tag=None):
    return '/servers/%s/tags' % sid + ('/%s' % tag if tag else '')


def msg(body, kind):
    return body[kind]['message']


def test_index_show_and_view(api, server):
    sid = server(tags=['a', 'b'])
    assert api('GET', tags(sid), version=V)[0::2] == (200, {'tags': ['a', 'b']})
    assert api('GET', tags(sid, 'a'), version=V)[0::2] == (204, None)
    status, _, body = api('GET', tags(sid, 'zz'), version=V)
    assert status == 404
    assert msg(body, 'itemNotFound') == "Server %s has no tag 'zz'" % sid
    assert api('GET', '/servers/%s' % sid, version=V)[2]['server']['tags'] == ['a', 'b']


def test_put_one_tag_201_then_204(api, server):
    sid = server(tags=['a'])
    status, headers, body = api('PUT', tags(sid, 'new'), version=V)
    assert (status, body) == (201, None)
    assert headers['Location'].endswith('/v2.1/servers/%s/tags/new' % sid)
    status, headers, body = api('PUT', tags(sid, 'new'), version=V)
    assert (status, body) == (204, None) and 'Location' not in headers
    assert db_api.instance_get(sid)['tags'] == ['a', 'new']


def test_put_all_replaces_and_delete(api, server):
    sid = server(tags=['a', 'b'])
    status, _, body = api('PUT', tags(sid), {'tags': ['x', 'y', 'x']}, version=V)
    assert (status, body) == (200, {'tags': ['x', 'y']})
    assert api('DELETE', tags(sid, 'x'), version=V)[0::2] == (204, None)
    status, _, body = api('DELETE', tags(sid, 'x'), version=V)
    assert status == 404
    assert msg(body, 'itemNotFound') == "Instance %s has no tag 'x'" % sid
    assert api('DELETE', tags(sid), version=V)[0::2] == (204, None)
    assert api('GET', tags(sid), version=V)[2] == {'tags': []}


@pytest.mark.parametrize('tag, needle', [
    ('a,b', "does not match '^[^,/]*$'"),
    ('t' * 61, 'is too long'),
])
def test_bad_tag_in_url_is_400(api, server, tag, needle):
    sid = server()
    status, _, body = api('PUT', tags(sid, tag), version=V)
    assert status == 400
    text = msg(body, 'badRequest')
    assert text.startswith("Tag '%s' is invalid. It must be a non empty string without "
                           "characters '/' and ','. Validation error message: " % tag)
    assert needle in text


def test_body_on_put_tag_is_400(api, server):
    status, _, body = api('PUT', tags(server(), 'a'), {'x': 1}, version=V)
    assert status == 400 and "is not of type 'null'" in msg(body, 'badRequest')


def test_tag_limit(api, server):
    sid = server(tags=['t%d' % i for i in range(50)])
    status, _, body = api('PUT', tags(sid, 'one-more'), version=V)
    assert status == 400
    assert msg(body, 'badRequest') == 'The number of tags exceeded the per-server limit 50'
    status, _, body = api('PUT', tags(sid), {'tags': ['t%d' % i for i in range(51)]},
                          version=V)
    assert status == 400 and 'is too long' in msg(body, 'badRequest')


@pytest.mark.parametrize('body', [
    {}, {'tags': 'a'}, {'tags': ['a/b']}, {'tags': ['']}, {'tags': [1]},
    {'tags': ['x' * 61]}, {'tags': [], 'extra': 1}, None,
])
def test_bad_put_all_bodies_are_400(api, server, body):
    sid = server(tags=['keep'])
    status, _, resp = api('PUT', tags(sid), body, version=V)
    assert status == 400, resp
    assert 'badRequest' in resp
    assert db_api.instance_get(sid)['tags'] == ['keep']


@pytest.mark.parametrize('vm_state', [states.BUILDING, states.ERROR, states.SHELVED])
def test_changes_outside_nova_states_are_409(api, server, vm_state):
    sid = server(tags=['a'], vm_state=vm_state)
    for method, path, body, action in (('PUT', tags(sid, 'b'), None, 'update tag'),
                                       ('PUT', tags(sid), {'tags': []}, 'update tags'),
                                       ('DELETE', tags(sid, 'a'), None, 'delete tag'),
                                       ('DELETE', tags(sid), None, 'delete tags')):
        status, _, resp = api(method, path, body, version=V)
        assert status == 409, (method, path)
        assert msg(resp, 'conflictingRequest') == (
            "Cannot '%s' instance %s while it is in vm_state %s" % (action, sid, vm_state))
    assert api('GET', tags(sid), version=V)[0] == 200


def test_locked_server_tags_still_change(api, server):
    # Nova's tag controller checks the vm_state only, not the lock
    sid = server(locked=True, locked_by='admin', vm_state=states.STOPPED)
    assert api('PUT', tags(sid, 'a'), version=V)[0] == 201


def test_404_below_2_26_and_legacy_v2(api, server, compute, demo):
    sid = server(tags=['a'])
    for method, path in (('GET', tags(sid)), ('PUT', tags(sid, 'b')), ('GET', tags(sid, 'a')),
                         ('DELETE', tags(sid)), ('DELETE', tags(sid, 'a'))):
        status, _, body = api(method, path, version='2.25')
        assert status == 404 and 'itemNotFound' in body, (method, path)
    status, _, _ = compute.request('GET', '/v2/%s/servers/%s/tags' % (demo[2], sid),
                                   token=demo[0])
    assert status == 404
    assert db_api.instance_get(sid)['tags'] == ['a']


def test_unknown_server_is_404(api):
    sid = str(uuid.uuid4())
    status, _, body = api('GET', tags(sid), version=V)
    assert status == 404 and msg(body, 'itemNotFound') == (
        'Instance %s could not be found.' % sid)


def test_reader_cannot_change_tags(api, server, make_token):
    sid = server()
    reader = make_token('demo', 'reader', user_name='demo-reader-only')
    assert api('GET', tags(sid), token=reader[0], version=V)[0] == 200
    status, _, body = api('PUT', tags(sid, 'a'), token=reader[0], version=V)
    assert status == 403 and 'os-server-tags:update' in msg(body, 'forbidden')


def test_rules_are_registered():
    names = {r.name for r in policies.list_rules()}
    for action in ('index', 'show', 'update', 'update_all', 'delete', 'delete_all'):
        assert 'os_compute_api:os-server-tags:%s' % action in names


@pytest.mark.parametrize('query, expected', [
    ('tags=a', {'ab', 'a'}),
    ('tags=a,b', {'ab'}),
    ('tags-any=b,c', {'ab', 'c'}),
    ('not-tags=a,b', {'a', 'c', 'none'}),
    ('not-tags-any=a,c', {'none'}),
    ('tags=a&not-tags-any=b', {'a'}),
])
def test_list_filters(api, server, query, expected):
    for name, tag_list in (('ab', ['a', 'b']), ('a', ['a']), ('c', ['c']), ('none', [])):
        server(tags=tag_list, display_name=name)
    for path in ('/servers', '/servers/detail'):
        status, _, body = api('GET', '%s?%s' % (path, query), version=V)
        assert status == 200
        assert {s['name'] for s in body['servers']} == expected, (path, query)
    # below 2.26 the tag filters are ignored, as Nova does
    body = api('GET', '/servers?%s' % query, version='2.25')[2]
    assert len(body['servers']) == 4
