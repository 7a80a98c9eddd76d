"""/servers/{id}/ips in-process: the addresses by network label, Nova's basic address view,
and the 404s."""
import uuid

import pytest

from novalite import policies
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import session as db
from tests.unit.api.compute.test_server_metadata import FLAVOR

NETWORK_INFO = [
    {'address': 'fa:16:3e:00:00:01', 'network': {'id': 'n1', 'label': 'private'},
     'ips': [{'version': 4, 'address': '10.0.0.5', 'type': 'fixed'},
             {'version': 6, 'address': 'fd00::5', 'type': 'fixed'}]},
    {'address': 'fa:16:3e:00:00:02', 'network': {'id': 'n2', 'label': 'public'},
     'ips': [{'version': 4, 'address': '172.24.4.9', 'type': 'fixed'}]},
    {'address': 'fa:16:3e:00:00:03', 'network': {'id': 'n1', 'label': 'private'},
     'ips': [{'version': 4, 'address': '10.0.0.6', 'type': 'fixed'}]},
]


@pytest.fixture
def server(demo):
    def _make(**values):
        row = {'uuid': str(uuid.uuid4()), 'project_id': demo[2], 'user_id': demo[1],
               'flavor_id': '1', 'flavor': FLAVOR, 'vcpus': 1, 'memory_mb': 64,
               'root_gb': 1, 'vm_state': states.ACTIVE, 'power_state': states.RUNNING,
               'host': 'h1', 'reservation_id': 'r-1', 'network_info': NETWORK_INFO}
        row.update(values)
        with db.transaction() as session:
            return db_api.instance_create(session, row)['uuid']
    return _make


def test_index_groups_addresses_by_label(api, server):
    sid = server()
    status, _, body = api('GET', '/servers/%s/ips' % sid)
    assert status == 200
    assert body == {'addresses': {
        'private': [{'version': 4, 'addr': '10.0.0.5'}, {'version': 6, 'addr': 'fd00::5'},
                    {'version': 4, 'addr': '10.0.0.6'}],
        'public': [{'version': 4, 'addr': '172.24.4.9'}]}}
    # the same addresses as the server view, which adds the OS-EXT-IPS fields
    view = api('GET', '/servers/%s' % sid)[2]['server']['addresses']
    assert {label: [{'version': a['version'], 'addr': a['addr']} for a in addrs]
            for label, addrs in view.items()} == body['addresses']


def test_show_one_network(api, server):
    sid = server()
    status, _, body = api('GET', '/servers/%s/ips/public' % sid)
    assert (status, body) == (200, {'public': [{'version': 4, 'addr': '172.24.4.9'}]})
    status, _, body = api('GET', '/servers/%s/ips/nope' % sid)
    assert status == 404
    assert body['itemNotFound']['message'] == 'Instance is not a member of specified network'


def test_no_networks(api, server):
    sid = server(network_info=[])
    assert api('GET', '/servers/%s/ips' % sid)[0::2] == (200, {'addresses': {}})
    assert api('GET', '/servers/%s/ips/private' % sid)[0] == 404


def test_unknown_or_foreign_server_is_404(api, server, alt):
    sid = str(uuid.uuid4())
    status, _, body = api('GET', '/servers/%s/ips' % sid)
    assert status == 404
    assert body['itemNotFound']['message'] == 'Instance %s could not be found.' % sid
    assert api('GET', '/servers/%s/ips' % server(), token=alt[0])[0] == 404


def test_admin_sees_other_projects_ips(api, server, admin):
    assert api('GET', '/servers/%s/ips/public' % server(), token=admin[0])[0] == 200


def test_read_only(api, server):
    status, headers, _ = api('POST', '/servers/%s/ips' % server(), {})
    assert status == 405 and headers['Allow'] == 'GET'


def test_rules_are_registered():
    names = {r.name for r in policies.list_rules()}
    assert {'os_compute_api:ips:index', 'os_compute_api:ips:show'} <= names
