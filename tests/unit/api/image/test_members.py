"""Glance v2 image members in-process: the flow, who may do what, the data layer's quota and
duplicate handling, and the list filters the statuses drive."""
import pytest

from novalite import exception
from novalite.db import image as image_db


def create(client, token, **body):
    body.setdefault('name', 'img')
    status, _h, data = client.request('POST', '/v2/images', body=body, token=token)
    assert status == 201, data
    return data


def members(client, token, image_id):
    status, _h, body = client.request('GET', '/v2/images/%s/members' % image_id, token=token)
    assert status == 200, body
    return [(m['member_id'], m['status']) for m in body['members']]


def text(body):
    return body.decode() if isinstance(body, bytes) else str(body)


def test_add_accept_list_remove(image_client, demo, alt):
    img = create(image_client, demo[0])
    url = '/v2/images/%s/members' % img['id']
    status, _h, member = image_client.request('POST', url, token=demo[0],
                                              body={'member': alt[2]})
    assert status == 200 and member['status'] == 'pending'
    ids = lambda query='': [i['id'] for i in image_client.request(  # noqa: E731
        'GET', '/v2/images' + query, token=alt[0])[2]['images']]
    assert img['id'] not in ids() and img['id'] in ids('?member_status=pending')
    status, _h, member = image_client.request('PUT', '%s/%s' % (url, alt[2]), token=alt[0],
                                              body={'status': 'accepted'})
    assert status == 200 and member['status'] == 'accepted'
    assert img['id'] in ids() and img['id'] in ids('?visibility=shared')
    assert members(image_client, alt[0], img['id']) == [(alt[2], 'accepted')]
    assert image_client.request('DELETE', '%s/%s' % (url, alt[2]), token=demo[0])[0] == 204
    assert members(image_client, demo[0], img['id']) == []
    assert image_client.request('GET', '/v2/images/%s' % img['id'], token=alt[0])[0] == 404


def test_roles_owner_adds_member_accepts(image_client, demo, alt, admin):
    img = create(image_client, demo[0])
    url = '/v2/images/%s/members' % img['id']
    image_client.request('POST', url, token=demo[0], body={'member': alt[2]})
    status, _h, body = image_client.request('POST', url, token=alt[0],
                                            body={'member': 'someone'})
    assert status == 403 and 'Not allowed to create members' in text(body)
    status, _h, body = image_client.request('PUT', '%s/%s' % (url, alt[2]), token=demo[0],
                                            body={'status': 'accepted'})
    assert status == 403 and 'Not allowed to update members' in text(body)
    # an admin may do both
    status, _h, body = image_client.request('PUT', '%s/%s' % (url, alt[2]), token=admin[0],
                                            body={'status': 'rejected'})
    assert status == 200 and body['status'] == 'rejected'
    assert image_client.request('POST', url, token=admin[0],
                                body={'member': 'other'})[0] == 200
    assert members(image_client, demo[0], img['id']) == [(alt[2], 'rejected'),
                                                         ('other', 'pending')]


def test_db_add_member_quota_and_duplicate(image_client, demo):
    img = create(image_client, demo[0])
    image_db.add_member(img['id'], 'p1', quota=2)
    with pytest.raises(exception.Conflict):
        image_db.add_member(img['id'], 'p1', quota=2)
    image_db.add_member(img['id'], 'p2', quota=2)
    with pytest.raises(exception.RequestEntityTooLarge) as err:
        image_db.add_member(img['id'], 'p3', quota=2)
    assert 'Attempted: 3, Maximum: 2' in err.value.message
    image_db.add_member(img['id'], 'p3', quota=-1)          # negative: unlimited
    assert [m['member_id'] for m in image_db.list_members(img['id'])] == ['p1', 'p2', 'p3']
    assert [m['member_id'] for m in image_db.list_members(img['id'], viewer='p2')] == ['p2']
    assert image_db.set_member_status(img['id'], 'nobody', 'accepted') is None
    assert image_db.delete_member(img['id'], 'p1') is True
    assert image_db.delete_member(img['id'], 'p1') is False


def test_ownerless_image_is_visible_to_all(image_client, demo, alt, admin):
    img = create(image_client, admin[0], owner=None)
    assert img['owner'] is None
    assert image_client.request('GET', '/v2/images/%s' % img['id'], token=alt[0])[0] == 200
