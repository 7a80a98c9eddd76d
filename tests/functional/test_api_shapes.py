"""Response shapes compared with Nova's, each at the microversion where it changes (exact
key sets where it matters): base64 with whitespace, scheduler hints as lists, host_status
in the 2.75 rebuild answer, the image proxy's disk config, next links on full pages,
kernel/ramdisk ids, Nova's time formats, snapshot properties, security groups from ports."""
import base64
import re
import time

import pytest

from tests.functional.test_aggregates import _image

C = '/compute/v2.1'
SERVERS = C + '/servers'
NOVA_TIME = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')
# GET /servers/{id} at 2.100 for an admin (Nova's server-get-resp plus the admin fields)
SHOW_KEYS_2100 = {
    'id', 'name', 'status', 'tenant_id', 'user_id', 'metadata', 'hostId', 'image', 'flavor',
    'created', 'updated', 'addresses', 'accessIPv4', 'accessIPv6', 'links',
    'OS-DCF:diskConfig', 'OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
    'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at', 'OS-EXT-STS:task_state',
    'OS-EXT-STS:vm_state', 'OS-EXT-STS:power_state', 'os-extended-volumes:volumes_attached',
    'progress', 'security_groups', 'OS-EXT-SRV-ATTR:host', 'OS-EXT-SRV-ATTR:instance_name',
    'OS-EXT-SRV-ATTR:hypervisor_hostname', 'OS-EXT-SRV-ATTR:reservation_id',
    'OS-EXT-SRV-ATTR:launch_index', 'OS-EXT-SRV-ATTR:hostname', 'OS-EXT-SRV-ATTR:kernel_id',
    'OS-EXT-SRV-ATTR:ramdisk_id', 'OS-EXT-SRV-ATTR:root_device_name',
    'OS-EXT-SRV-ATTR:user_data', 'locked', 'host_status', 'description', 'tags',
    'trusted_image_certificates', 'server_groups', 'locked_reason', 'pinned_availability_zone',
    'scheduler_hints'}


def _net(cloud):
    return cloud.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0][
        'id']


def _cirros(cloud):
    return cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']


def _create(cloud, name, version='2.100', image=None, hints=None, **extra):
    body = {'server': dict({'name': name, 'imageRef': image or _cirros(cloud),
                            'flavorRef': '42', 'networks': [{'uuid': _net(cloud)}]}, **extra)}
    if hints:
        body['os:scheduler_hints'] = hints
    status, _, resp = cloud.request('POST', SERVERS, body=body, version=version)
    assert status == 202, resp
    server, seen = cloud.wait_server(resp['server']['id'])
    assert server['status'] == 'ACTIVE', (server, seen)
    return server['id']


def _show(cloud, sid, version='2.100', token='demo'):
    status, _, body = cloud.request('GET', '%s/%s' % (SERVERS, sid), version=version,
                                    token=token)
    assert status == 200, body
    return body['server']


def _delete(cloud, *sids):
    for sid in sids:
        cloud.request('DELETE', '%s/%s' % (SERVERS, sid), token='admin')
    for sid in sids:
        cloud.wait_gone(sid, token='admin')


def _wrapped(data):
    """base64 as many tools write it: 76-character lines ending in newlines."""
    return base64.encodebytes(data).decode()


def test_base64_with_newlines_is_accepted_at_create_and_rebuild(cloud):
    script = b'#!/bin/sh\n' + b'echo hello world from a long user data script\n' * 4
    wrapped = _wrapped(script)
    assert '\n' in wrapped
    sid = _create(cloud, 'b64-lines', user_data=wrapped)
    try:
        assert base64.b64decode(_show(cloud, sid, token='admin')[
            'OS-EXT-SRV-ATTR:user_data']) == script
        url = '%s/%s/action' % (SERVERS, sid)
        status, _, body = cloud.request('POST', url, version='2.57', body={'rebuild': {
            'imageRef': _cirros(cloud), 'user_data': ' ' + wrapped.replace('\n', '\r\n')}})
        assert status == 202, body
        cloud.wait_server(sid)
        status, _, body = cloud.request('POST', url, version='2.56', body={'rebuild': {
            'imageRef': _cirros(cloud), 'personality': [
                {'path': '/etc/motd', 'contents': wrapped}]}})
        assert status == 202, body
        cloud.wait_server(sid)
        status, _, body = cloud.request('POST', url, version='2.57', body={'rebuild': {
            'imageRef': _cirros(cloud), 'user_data': 'abc'}})   # bad padding: Nova's 400
        assert status == 400
    finally:
        _delete(cloud, sid)


def test_scheduler_hints_are_lists_from_2_100(cloud):
    first = _create(cloud, 'hints-a')
    sid = _create(cloud, 'hints-b', hints={'same_host': first, 'custom': 'x'})
    try:
        hints = _show(cloud, sid)['scheduler_hints']
        assert hints == {'same_host': [first], 'custom': ['x']}
        listed = cloud.request('GET', SERVERS + '/detail', version='2.100')[2]['servers']
        assert [s['scheduler_hints'] for s in listed if s['id'] == sid] == [hints]
    finally:
        _delete(cloud, first, sid)


def test_rebuild_answer_to_an_admin_is_the_full_view_at_2_75(cloud):
    sid = _create(cloud, 'rebuild-shape')
    try:
        url = '%s/%s/action' % (SERVERS, sid)
        status, _, body = cloud.request('POST', url, token='admin', version='2.100',
                                        body={'rebuild': {'imageRef': _cirros(cloud)}})
        assert status == 202, body
        server = body['server']
        assert server['host_status'] == 'UP'
        assert set(server) == (SHOW_KEYS_2100 - {'OS-EXT-SRV-ATTR:user_data'}) | {
            'adminPass', 'user_data'}
        cloud.wait_server(sid)
        assert set(_show(cloud, sid, token='admin')) == SHOW_KEYS_2100
        status, _, body = cloud.request('POST', url, token='admin', version='2.74',
                                        body={'rebuild': {'imageRef': _cirros(cloud)}})
        assert status == 202 and 'host_status' not in body['server']
        cloud.wait_server(sid)
    finally:
        _delete(cloud, sid)


def test_image_proxy_shows_the_disk_config_of_auto_disk_config_images(cloud):
    auto = _image(cloud, 'shape-auto', auto_disk_config='True')
    plain = _image(cloud, 'shape-plain')
    try:
        keys = {'id', 'name', 'minRam', 'minDisk', 'metadata', 'created', 'updated', 'status',
                'progress', 'OS-EXT-IMG-SIZE:size', 'links'}
        image = cloud.request('GET', C + '/images/%s' % auto, version='2.1')[2]['image']
        assert set(image) == keys | {'OS-DCF:diskConfig'} and image['OS-DCF:diskConfig'] == 'AUTO'
        image = cloud.request('GET', C + '/images/%s' % plain, version='2.1')[2]['image']
        assert set(image) == keys
    finally:
        for image_id in (auto, plain):
            cloud.request('DELETE', '/image/v2/images/%s' % image_id, token='admin')


def test_full_pages_link_to_the_next_one(cloud):
    sids = [_create(cloud, 'page-%d' % i) for i in range(2)]
    try:
        mine = cloud.request('GET', SERVERS, version='2.100')[2]['servers']
        body = cloud.request('GET', SERVERS + '?limit=%d' % len(mine), version='2.100')[2]
        assert len(body['servers']) == len(mine)
        assert [link['rel'] for link in body['servers_links']] == ['next']
        body = cloud.request('GET', SERVERS + '/detail?limit=%d' % (len(mine) + 1),
                             version='2.100')[2]
        assert 'servers_links' not in body
        flavors = cloud.request('GET', C + '/flavors')[2]['flavors']
        body = cloud.request('GET', C + '/flavors?limit=%d' % len(flavors))[2]
        assert body['flavors_links'][0]['rel'] == 'next'
        actions = '%s/%s/os-instance-actions' % (SERVERS, sids[0])
        body = cloud.request('GET', actions + '?limit=1', version='2.58')[2]
        assert len(body['instanceActions']) == 1 and body['links'][0]['rel'] == 'next'
        body = cloud.request('GET', actions + '?limit=2', version='2.58')[2]
        assert len(body['instanceActions']) == 1 and 'links' not in body
    finally:
        _delete(cloud, *sids)


def test_kernel_and_ramdisk_ids_come_from_the_image(cloud):
    kernel = _image(cloud, 'shape-kernel')
    ramdisk = _image(cloud, 'shape-ramdisk')
    with_kernel = _image(cloud, 'shape-with-kernel', kernel_id=kernel, ramdisk_id=ramdisk)
    sids = [_create(cloud, 'kernel', image=with_kernel), _create(cloud, 'no-kernel')]
    try:
        shown = _show(cloud, sids[0], version='2.16', token='admin')
        assert shown['OS-EXT-SRV-ATTR:kernel_id'] == kernel
        assert shown['OS-EXT-SRV-ATTR:ramdisk_id'] == ramdisk
        shown = _show(cloud, sids[1], version='2.16', token='admin')
        # Nova stores kernel_id or '' (compute/api.py), so "" when the image has none
        assert shown['OS-EXT-SRV-ATTR:kernel_id'] == ''
        assert shown['OS-EXT-SRV-ATTR:ramdisk_id'] == ''
    finally:
        _delete(cloud, *sids)
        for image_id in (kernel, ramdisk, with_kernel):
            cloud.request('DELETE', '/image/v2/images/%s' % image_id, token='admin')


def test_times_in_novas_formats(cloud):
    services = cloud.request('GET', C + '/os-services', token='admin')[2]['services']
    assert services and all(NOVA_TIME.match(s['updated_at']) for s in services)
    zones = cloud.request('GET', C + '/os-availability-zone/detail',
                          token='admin')[2]['availabilityZoneInfo']
    stamps = [svc['updated_at'] for zone in zones for host in (zone['hosts'] or {}).values()
              for svc in host.values()]
    assert stamps and all(NOVA_TIME.match(t) for t in stamps if t is not None)
    status, _, body = cloud.request('POST', C + '/os-keypairs', version='2.2',
                                    body={'keypair': {'name': 'shape-kp'}})
    assert status == 201
    try:
        keypair = cloud.request('GET', C + '/os-keypairs/shape-kp')[2]['keypair']
        assert NOVA_TIME.match(keypair['created_at']) and keypair['updated_at'] is None
    finally:
        cloud.request('DELETE', C + '/os-keypairs/shape-kp')


def test_snapshots_copy_the_image_properties(cloud):
    image = _image(cloud, 'shape-props', auto_disk_config='True', os_distro='cirros',
                   hw_disk_bus='virtio', img_signature='sig', cache_in_nova='True')
    sid = _create(cloud, 'snap-props', image=image)
    try:
        url = '%s/%s/action' % (SERVERS, sid)
        status, _, body = cloud.request('POST', url, version='2.45',
                                        body={'createImage': {'name': 'snap-of-props'}})
        assert status == 202, body
        snap = cloud.request('GET', '/image/v2/images/%s' % body['image_id'])[2]
        assert snap['auto_disk_config'] == 'True' and snap['os_distro'] == 'cirros'
        assert snap['hw_disk_bus'] == 'virtio' and snap['image_type'] == 'snapshot'
        assert 'img_signature' not in snap and 'cache_in_nova' not in snap
        deadline = time.monotonic() + 30
        while _show(cloud, sid)['OS-EXT-STS:task_state'] is not None:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        cloud.request('DELETE', '/image/v2/images/%s' % body['image_id'], token='admin')
    finally:
        _delete(cloud, sid)
        cloud.request('DELETE', '/image/v2/images/%s' % image, token='admin')


def test_server_security_groups_are_read_from_its_ports(cloud):
    sid = _create(cloud, 'sg-ports')
    status, _, body = cloud.request('POST', '/networking/v2.0/security-groups',
                                    body={'security_group': {'name': 'shape-sg'}})
    assert status == 201
    sg = body['security_group']
    try:
        assert _show(cloud, sid)['security_groups'] == [{'name': 'default'}]
        port = cloud.request('GET', '/networking/v2.0/ports?device_id=%s' % sid)[2][
            'ports'][0]
        status, _, _ = cloud.request('PUT', '/networking/v2.0/ports/%s' % port['id'],
                                     body={'port': {'security_groups': [sg['id']]}})
        assert status == 200
        assert _show(cloud, sid)['security_groups'] == [{'name': 'shape-sg'}]
        listed = cloud.request('GET', SERVERS + '/detail')[2]['servers']
        assert [s['security_groups'] for s in listed if s['id'] == sid] == [
            [{'name': 'shape-sg'}]]
        status, _, _ = cloud.request('PUT', '/networking/v2.0/ports/%s' % port['id'],
                                     body={'port': {'security_groups': []}})
        assert 'security_groups' not in _show(cloud, sid)
    finally:
        _delete(cloud, sid)
        cloud.request('DELETE', '/networking/v2.0/security-groups/%s' % sg['id'])


@pytest.mark.parametrize('version', ['2.1', '2.100'])
def test_create_answer_keeps_the_requested_groups(cloud, version):
    body = {'server': {'name': 'sg-create', 'imageRef': _cirros(cloud), 'flavorRef': '42',
                       'networks': [{'uuid': _net(cloud)}]}}
    status, _, resp = cloud.request('POST', SERVERS, body=body, version=version)
    assert status == 202
    try:
        assert resp['server']['security_groups'] == [{'name': 'default'}]
    finally:
        _delete(cloud, resp['server']['id'])
