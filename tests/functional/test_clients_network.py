"""OSC and openstacksdk against novalite's network service: tags, subnet pools, address
scopes, If-Match, auto-allocated topology."""
import uuid

import pytest

from tests.functional.test_clients import _bin
from tests.functional.test_clients import run
from tests.functional.test_clients import run_json

pytestmark = pytest.mark.skipif(_bin('openstack') is None,
                                reason='python-openstackclient not installed')


def _name(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:8])


def test_osc_network_tags(cloud):
    name = _name('osc-tag')
    net = run_json(cloud, 'network', 'create', '--tag', 'alpha', name)
    try:
        assert net['tags'] == ['alpha']
        run(cloud, 'network', 'set', '--tag', 'x', '--tag', 'y', name)
        assert sorted(run_json(cloud, 'network', 'show', name)['tags']) == ['alpha', 'x', 'y']
        listed = run_json(cloud, 'network', 'list', '--tags', 'x,y')
        assert [n['Name'] for n in listed] == [name]
        assert run_json(cloud, 'network', 'list', '--tags', 'x,nothing') == []
        assert name in [n['Name'] for n in run_json(cloud, 'network', 'list', '--any-tags',
                                                    'nothing,y')]
        assert name not in [n['Name'] for n in run_json(cloud, 'network', 'list',
                                                        '--not-tags', 'x')]
        run(cloud, 'network', 'unset', '--tag', 'x', name)
        assert sorted(run_json(cloud, 'network', 'show', name)['tags']) == ['alpha', 'y']
        run(cloud, 'network', 'set', '--no-tag', name)
        assert run_json(cloud, 'network', 'show', name)['tags'] == []
        run(cloud, 'subnet', 'create', '--network', name, '--subnet-range', '10.93.93.0/16',
            '--tag', 'sub', name + '-sub')
        subnet = run_json(cloud, 'subnet', 'show', name + '-sub')
        assert subnet['cidr'] == '10.93.0.0/16' and subnet['tags'] == ['sub']
        port = run_json(cloud, 'port', 'create', '--network', name, '--tag', 'p1',
                        '--tag', 'p2', name + '-port')
        assert sorted(port['tags']) == ['p1', 'p2']
        assert [p['Name'] for p in run_json(cloud, 'port', 'list', '--tags', 'p1')] == [
            name + '-port']
        run(cloud, 'port', 'delete', name + '-port')
    finally:
        run(cloud, 'network', 'delete', name)


def test_osc_subnet_pool_and_address_scope(cloud):
    scope = _name('osc-scope')
    pool = _name('osc-pool')
    net = _name('osc-pool-net')
    run(cloud, 'address', 'scope', 'create', '--ip-version', '4', scope)
    try:
        created = run_json(cloud, 'subnet', 'pool', 'create', '--pool-prefix',
                           '10.230.0.0/16', '--default-prefix-length', '26',
                           '--address-scope', scope, '--tag', 'pooled', pool)
        assert created['prefixes'] in (['10.230.0.0/16'], '10.230.0.0/16')
        run(cloud, 'network', 'create', net)
        subnet = run_json(cloud, 'subnet', 'create', '--network', net, '--subnet-pool', pool,
                          net + '-sub')
        assert subnet['cidr'] == '10.230.0.0/26'
        sized = run_json(cloud, 'subnet', 'create', '--network', net, '--subnet-pool', pool,
                         '--prefix-length', '28', net + '-sub2')
        assert sized['cidr'].endswith('/28')
        run(cloud, 'subnet', 'pool', 'set', '--pool-prefix', '10.231.0.0/16', pool)
        shown = run_json(cloud, 'subnet', 'pool', 'show', pool)
        assert '10.230.0.0/15' in str(shown['prefixes'])  # compacted, as Neutron does
    finally:
        for args in (('network', 'delete', net), ('subnet', 'pool', 'delete', pool)):
            try:
                run(cloud, *args)
            except AssertionError:
                pass
        run(cloud, 'address', 'scope', 'delete', scope)


def test_osc_auto_allocated_topology_and_provider(cloud):
    # (OSC shows the dry run's column as None even when Neutron passes it)
    assert 'dry_run' in run_json(cloud, 'network', 'auto', 'allocated', 'topology', 'create',
                                 '--check-resources')
    topology = run_json(cloud, 'network', 'auto', 'allocated', 'topology', 'create')
    assert topology['id']
    run(cloud, 'network', 'auto', 'allocated', 'topology', 'delete')
    public = run_json(cloud, 'network', 'show', 'public', cloud_name='novalite-admin')
    assert public['is_default'] is True
    assert public['provider:network_type'] == 'flat'
    assert public['provider:physical_network'] == 'public'
    name = _name('osc-vlan')
    net = run_json(cloud, 'network', 'create', '--provider-network-type', 'vlan',
                   '--provider-physical-network', 'physnet9', '--provider-segment', '42',
                   name, cloud_name='novalite-admin')
    assert net['provider:segmentation_id'] == 42
    assert [n['Name'] for n in run_json(cloud, 'network', 'list', '--provider-network-type',
                                        'vlan', '--provider-segment', '42',
                                        cloud_name='novalite-admin')] == [name]
    run(cloud, 'network', 'delete', name, cloud_name='novalite-admin')


def test_openstacksdk_tags_and_if_match(cloud, monkeypatch):
    openstack = pytest.importorskip('openstack')
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    conn = openstack.connect(cloud='novalite')
    try:
        net = conn.network.create_network(name=_name('sdk-tag'))
        conn.network.set_tags(net, ['one', 'two'])
        assert sorted(conn.network.get_network(net.id).tags) == ['one', 'two']
        found = list(conn.network.networks(tags='one,two'))
        assert [n.id for n in found] == [net.id]
        fresh = conn.network.get_network(net.id)
        seen = fresh.revision_number
        conn.network.update_network(fresh, name='renamed', if_revision=seen)
        with pytest.raises(openstack.exceptions.PreconditionFailedException):
            conn.network.update_network(net.id, name='stale', if_revision=seen)
        assert conn.network.get_network(net.id).name == 'renamed'
        conn.network.delete_network(net)
    finally:
        conn.close()
