"""Subnet pool rules: Neutron's SubnetPoolReader defaults and bounds, allocation."""
import pytest

from novalite import exception_network as errors
from novalite.db import network as network_db
from novalite.db import subnetpools as pool_db


def test_read_defaults_and_compaction():
    pool = pool_db.read({'prefixes': ['10.0.0.0/25', '10.0.0.128/25', '10.1.0.0/16']})
    assert pool['prefixes'] == ['10.0.0.0/24', '10.1.0.0/16']
    assert (pool['ip_version'], pool['min_prefixlen'], pool['max_prefixlen'],
            pool['default_prefixlen']) == (4, 8, 32, 8)
    v6 = pool_db.read({'prefixes': ['fd00::/48']})
    assert (v6['ip_version'], v6['min_prefixlen'], v6['max_prefixlen']) == (6, 64, 128)


@pytest.mark.parametrize('values,error', [
    ({'prefixes': []}, errors.EmptySubnetPoolPrefixList),
    ({'prefixes': ['10.0.0.0/8', 'fd00::/8']}, errors.PrefixVersionMismatch),
    ({'prefixes': ['10.0.0.0/8'], 'min_prefixlen': 30, 'max_prefixlen': 20},
     errors.IllegalSubnetPoolPrefixBounds),
    ({'prefixes': ['10.0.0.0/8'], 'default_prefixlen': 4}, errors.IllegalSubnetPoolPrefixBounds),
    ({'prefixes': ['fd00::/48'], 'max_prefixlen': 129}, errors.IllegalSubnetPoolPrefixBounds),
])
def test_read_errors(values, error):
    with pytest.raises(error):
        pool_db.read(values)


def _pool(**values):
    return pool_db.subnetpool_create(pool_db.read(dict(
        {'name': 'p', 'project_id': 'p1', 'description': '', 'shared': False,
         'is_default': False}, **values)))


def _net():
    return network_db.network_create({'name': 'n', 'project_id': 'p1', 'shared': False,
                                      'admin_state_up': True, 'mtu': 1500, 'description': ''})


def _subnet(net, pool, cidr, project='p1'):
    return network_db.subnet_create({
        'network_id': net['id'], 'project_id': project, 'ip_version': 4, 'cidr': cidr,
        'gateway_ip': None, 'enable_dhcp': False, 'allocation_pools': [],
        'dns_nameservers': [], 'host_routes': [], 'description': '', 'name': '',
        'subnetpool_id': pool['id']})


def test_allocation_and_quota(database):
    net = _net()
    pool = _pool(prefixes=['10.5.0.0/23'], default_prefixlen=24, default_quota=300)
    first = pool_db.allocate(pool, 'p1')
    assert first == '10.5.0.0/24'
    _subnet(net, pool, first)
    # 256 + 256 addresses exceed the project's quota of 300
    with pytest.raises(errors.SubnetPoolQuotaExceeded):
        pool_db.allocate(pool, 'p1')
    assert pool_db.allocate(pool, 'p2') == '10.5.1.0/24'
    with pytest.raises(errors.SubnetAllocationError):
        # taken (on another network): checked again inside the insert
        _subnet(_net(), pool, '10.5.0.0/25', project='p2')
    with pytest.raises(errors.SubnetPoolDeleteError):
        pool_db.subnetpool_delete(pool['id'])
