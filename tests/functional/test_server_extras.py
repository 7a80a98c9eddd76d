"""Server sub-resources os-server-password, diagnostics, topology (2.78) and os-interface
against `novalite serve`, over HTTP and through the openstack client."""
import time

import pytest

from tests.functional.test_clients import _bin, run, run_json
from tests.functional.test_microversions import _active, _delete, _net, _show

C = '/compute/v2.1'
SERVERS = C + '/servers'


def _sub(cloud, method, sid, sub, body=None, token='demo', version=None):
    return cloud.request(method, '%s/%s/%s' % (SERVERS, sid, sub), body=body, token=token,
                         version=version)


def _wait(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError('condition not met in %s s' % timeout)


def _action(cloud, sid, body, version=None):
    status, _, resp = cloud.request('POST', '%s/%s/action' % (SERVERS, sid), body=body,
                                    version=version)
    assert status == 202, resp


def test_server_password(cloud):
    sid = _active(cloud, 'pw', networks='none')['id']
    try:
        assert _sub(cloud, 'GET', sid, 'os-server-password')[2] == {'password': ''}
        status, _, body = _sub(cloud, 'DELETE', sid, 'os-server-password')
        assert status == 204 and body is None
        assert _sub(cloud, 'GET', sid, 'os-server-password')[2] == {'password': ''}
        assert _sub(cloud, 'GET', 'nope', 'os-server-password')[0] == 404
    finally:
        _delete(cloud, sid)


def test_diagnostics_formats_and_states(cloud):
    sid = _active(cloud, 'diag')['id']
    try:
        status, _, body = _sub(cloud, 'GET', sid, 'diagnostics')
        assert status == 403 and 'forbidden' in body
        status, _, legacy = _sub(cloud, 'GET', sid, 'diagnostics', token='admin',
                                 version='2.47')
        assert status == 200 and legacy['memory'] == 128 * 1024 and 'cpu0_time' in legacy
        status, _, diags = _sub(cloud, 'GET', sid, 'diagnostics', token='admin',
                                version='2.48')
        assert status == 200
        assert diags['state'] == 'running' and diags['num_cpus'] == 1
        assert diags['num_nics'] == 1 and diags['nic_details'][0]['mac_address']
        assert diags['memory_details']['maximum'] == 128 and diags['num_disks'] == 1
        _action(cloud, sid, {'os-stop': None})
        cloud.wait_server(sid, statuses=('SHUTOFF',))
        status, _, body = _sub(cloud, 'GET', sid, 'diagnostics', token='admin',
                               version='2.48')
        assert status == 409
        assert body['conflictingRequest']['message'] == (
            "Cannot 'get_instance_diagnostics' instance %s while it is in power_state "
            "shutdown" % sid)
    finally:
        _delete(cloud, sid)


def test_topology(cloud):
    status, _, body = cloud.request('POST', C + '/flavors', token='admin', body={'flavor': {
        'name': 'numa2', 'ram': 256, 'vcpus': 4, 'disk': 1, 'id': 'numa2'}})
    assert status == 200, body
    cloud.request('POST', C + '/flavors/numa2/os-extra_specs', token='admin', body={
        'extra_specs': {'hw:numa_nodes': '2', 'hw:cpu_policy': 'dedicated',
                        'hw:mem_page_size': 'large'}})
    plain = _active(cloud, 'topo-plain', networks='none')['id']
    numa = _active(cloud, 'topo-numa', networks='none', flavorRef='numa2')['id']
    try:
        assert _sub(cloud, 'GET', plain, 'topology', version='2.77')[0] == 404
        assert _sub(cloud, 'GET', plain, 'topology', version='2.78')[2] == {
            'nodes': [], 'pagesize_kb': None}
        _, _, user = _sub(cloud, 'GET', numa, 'topology', version='2.78')
        assert user['pagesize_kb'] == 2048
        assert [n['vcpu_set'] for n in user['nodes']] == [[0, 1], [2, 3]]
        assert [n['memory_mb'] for n in user['nodes']] == [128, 128]
        assert 'host_node' not in user['nodes'][0] and 'cpu_pinning' not in user['nodes'][0]
        _, _, admin = _sub(cloud, 'GET', numa, 'topology', token='admin', version='2.78')
        assert [n['host_node'] for n in admin['nodes']] == [0, 1]
        assert set(admin['nodes'][1]['cpu_pinning']) == {'2', '3'}
    finally:
        _delete(cloud, plain)
        _delete(cloud, numa)
        cloud.request('DELETE', C + '/flavors/numa2', token='admin')


def _addresses(cloud, sid):
    return [a['addr'] for addrs in _show(cloud, sid)['addresses'].values() for a in addrs]


def test_interface_attach_list_show_detach(cloud):
    sid = _active(cloud, 'iface')['id']
    net = _net(cloud)
    try:
        status, _, body = _sub(cloud, 'GET', sid, 'os-interface', version='2.70')
        assert status == 200 and len(body['interfaceAttachments']) == 1
        first = body['interfaceAttachments'][0]
        assert first['net_id'] == net and first['tag'] is None
        # tag from 2.49 (400 before); shown from 2.70
        status, _, _ = _sub(cloud, 'POST', sid, 'os-interface', version='2.48',
                            body={'interfaceAttachment': {'net_id': net, 'tag': 't'}})
        assert status == 400
        status, _, body = _sub(cloud, 'POST', sid, 'os-interface', version='2.70', body={
            'interfaceAttachment': {'net_id': net, 'tag': 'data',
                                    'fixed_ips': [{'ip_address': '10.0.0.200'}]}})
        assert status == 200, body
        att = body['interfaceAttachment']
        assert att['tag'] == 'data' and att['fixed_ips'][0]['ip_address'] == '10.0.0.200'
        assert att['port_state'] and att['mac_addr']
        assert '10.0.0.200' in _addresses(cloud, sid)
        shown = _sub(cloud, 'GET', sid, 'os-interface/%s' % att['port_id'],
                     version='2.69')[2]['interfaceAttachment']
        assert 'tag' not in shown and shown['port_id'] == att['port_id']
        assert _sub(cloud, 'GET', sid, 'os-interface/%s' % first['port_id'])[0] == 200
        assert _sub(cloud, 'GET', sid, 'os-interface/nope')[0] == 404
        actions = [a['action'] for a in _sub(cloud, 'GET', sid, 'os-instance-actions')[2][
            'instanceActions']]
        assert 'attach_interface' in actions
        # bad requests
        status, _, body = _sub(cloud, 'POST', sid, 'os-interface', body={
            'interfaceAttachment': {'net_id': net, 'port_id': att['port_id']}})
        assert status == 400 and 'both' in body['badRequest']['message']
        status, _, body = _sub(cloud, 'POST', sid, 'os-interface', body={
            'interfaceAttachment': {'port_id': att['port_id']}})
        assert status == 409 and 'in use' in body['conflictingRequest']['message']
        status, _, _ = _sub(cloud, 'POST', sid, 'os-interface', body={
            'interfaceAttachment': {'net_id': '00000000-0000-0000-0000-000000000000'}})
        assert status == 404
        assert _sub(cloud, 'DELETE', sid, 'os-interface/%s' % (
            '00000000-0000-0000-0000-000000000000'))[0] == 404
        # detach: the port leaves the server's addresses and the network service
        status, _, _ = _sub(cloud, 'DELETE', sid, 'os-interface/%s' % att['port_id'])
        assert status == 202
        _wait(lambda: '10.0.0.200' not in _addresses(cloud, sid))
        # the compute host deletes the port it created after the cache update, as Nova does
        _wait(lambda: cloud.request(
            'GET', '/networking/v2.0/ports/%s' % att['port_id'])[0] == 404)
        # 409 in a state Nova refuses (suspended) and when locked for the owner
        _action(cloud, sid, {'suspend': None})
        cloud.wait_server(sid, statuses=('SUSPENDED',))
        status, _, body = _sub(cloud, 'POST', sid, 'os-interface',
                               body={'interfaceAttachment': {'net_id': net}})
        assert status == 409 and "Cannot 'attach_interface'" in \
            body['conflictingRequest']['message']
        _action(cloud, sid, {'resume': None})
        cloud.wait_server(sid)
        status, _, _ = cloud.request('POST', '%s/%s/action' % (SERVERS, sid),
                                     body={'lock': None}, token='admin')
        assert status == 202
        assert _sub(cloud, 'POST', sid, 'os-interface',
                    body={'interfaceAttachment': {'net_id': net}})[0] == 409
    finally:
        _delete(cloud, sid)


def test_interface_attach_failure_is_reported(cloud):
    sid = _active(cloud, 'iface-fail', metadata={'novalite:fail': 'attach_interface'})['id']
    try:
        status, _, body = _sub(cloud, 'POST', sid, 'os-interface',
                               body={'interfaceAttachment': {'net_id': _net(cloud)}})
        assert status == 500 and 'Failed to attach network adapter device' in str(body)
        assert len(_sub(cloud, 'GET', sid, 'os-interface')[2]['interfaceAttachments']) == 1
        assert len(_show(cloud, sid)['addresses']['private']) == 1
    finally:
        _delete(cloud, sid)


@pytest.mark.skipif(_bin('openstack') is None, reason='python-openstackclient not installed')
def test_openstackclient_port_add_remove(cloud):
    server = run_json(cloud, 'server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny',
                      '--network', 'private', '--wait', 'osc-iface')
    try:
        port = run_json(cloud, 'port', 'create', '--network', 'private', 'osc-port')
        run(cloud, 'server', 'add', 'port', 'osc-iface', port['id'])
        shown = run_json(cloud, 'server', 'show', 'osc-iface')
        assert port['fixed_ips'][0]['ip_address'] in str(shown['addresses'])
        run(cloud, 'server', 'remove', 'port', 'osc-iface', port['id'])
        _wait(lambda: port['fixed_ips'][0]['ip_address'] not in str(
            run_json(cloud, 'server', 'show', 'osc-iface')['addresses']))
        # a port the user brought survives its detach, unbound
        kept = run_json(cloud, 'port', 'show', port['id'])
        assert kept['device_id'] == ''
    finally:
        run(cloud, 'server', 'delete', '--wait', server['id'])
