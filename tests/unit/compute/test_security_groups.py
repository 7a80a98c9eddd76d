"""A server's security groups on its ports (compute/security_groups.py), against a fake
network client."""
import types

import pytest

from novalite import exception
from novalite.compute import security_groups

SG1 = '11111111-1111-1111-1111-111111111111'
SG2 = '22222222-2222-2222-2222-222222222222'
INSTANCE = {'uuid': 'inst-1'}


class FakeNetwork:
    def __init__(self, groups, ports):
        self.groups, self.ports, self.updates = groups, ports, []

    def list_security_groups(self, context, **filters):
        found = self.groups
        filters.pop('fields', None)     # Neutron's fields= selects attributes, not groups
        for key, value in filters.items():
            values = value if isinstance(value, list) else [value]
            found = [g for g in found if g.get(key) in values]
        return found

    def list_ports(self, **filters):
        wanted = filters['device_id']
        wanted = wanted if isinstance(wanted, list) else [wanted]
        return [dict(p, security_groups=list(p['security_groups'])) for p in self.ports
                if p['device_id'] in wanted]

    def update_port(self, port_id, body):
        self.updates.append((port_id, body['security_groups']))
        for port in self.ports:
            if port['id'] == port_id:
                port['security_groups'] = list(body['security_groups'])


@pytest.fixture
def recorded(monkeypatch):
    calls = []
    monkeypatch.setattr(security_groups.db_api, 'instance_update',
                        lambda uuid, updates: calls.append((uuid, updates)))
    return calls


def _port(port_id, groups, **extra):
    return dict({'id': port_id, 'device_id': 'inst-1', 'fixed_ips': [{'ip_address': 'x'}],
                 'security_groups': groups}, **extra)


CTX = types.SimpleNamespace(project_id='p1')
GROUPS = [{'id': SG1, 'name': 'default', 'project_id': 'p1'},
          {'id': SG2, 'name': 'web', 'project_id': 'p1'}]


def test_add_puts_the_group_on_every_port_and_records_names(recorded):
    net = FakeNetwork(GROUPS, [_port('a', [SG1]), _port('b', [SG1, SG2])])
    security_groups.SecurityGroupAPI(net).add_to_instance(CTX, INSTANCE, 'web')
    assert net.updates == [('a', [SG1, SG2])]
    assert recorded == [('inst-1', {'security_groups': ['default', 'web']})]


def test_remove_takes_it_off_and_404_when_not_there(recorded):
    net = FakeNetwork(GROUPS, [_port('a', [SG1, SG2])])
    api = security_groups.SecurityGroupAPI(net)
    api.remove_from_instance(CTX, INSTANCE, SG2)
    assert net.updates == [('a', [SG1])]
    with pytest.raises(exception.SecurityGroupNotOnInstance) as exc:
        api.remove_from_instance(CTX, INSTANCE, 'web')
    assert exc.value.code == 404


def test_errors_are_nova_faults(recorded):
    groups = GROUPS + [{'id': '33333333-3333-3333-3333-333333333333', 'name': 'web',
                        'project_id': 'p1'}]
    api = security_groups.SecurityGroupAPI(FakeNetwork(groups, [_port('a', [SG1])]))
    with pytest.raises(exception.NoUniqueMatch) as exc:
        api.add_to_instance(CTX, INSTANCE, 'web')
    assert exc.value.code == 409
    with pytest.raises(exception.SecurityGroupNotFoundForProject) as exc:
        api.add_to_instance(CTX, INSTANCE, 'nope')
    assert exc.value.code == 404 and 'project p1' in exc.value.format_message()
    no_ports = security_groups.SecurityGroupAPI(FakeNetwork(GROUPS, []))
    with pytest.raises(exception.InstanceHasNoPorts):
        no_ports.add_to_instance(CTX, INSTANCE, 'web')
    insecure = security_groups.SecurityGroupAPI(FakeNetwork(GROUPS, [
        _port('a', [], port_security_enabled=False)]))
    with pytest.raises(exception.SecurityGroupCannotBeApplied) as exc:
        insecure.add_to_instance(CTX, INSTANCE, 'web')
    assert exc.value.code == 400
    assert recorded == []


def test_bindings_read_each_ports_groups_as_nova_shows_them():
    """Per port, in order, repeated across ports; unseen groups left out; no name: id."""
    unnamed = '33333333-3333-3333-3333-333333333333'
    network = FakeNetwork(
        [{'id': SG1, 'name': 'default'}, {'id': SG2, 'name': 'web'}, {'id': unnamed,
                                                                       'name': ''}],
        [{'id': 'p1', 'device_id': 'a', 'security_groups': [SG1, SG2]},
         {'id': 'p2', 'device_id': 'a', 'security_groups': [SG1, 'hidden']},
         {'id': 'p3', 'device_id': 'b', 'security_groups': [unnamed]},
         {'id': 'p4', 'device_id': 'c', 'security_groups': []}])
    assert security_groups.bindings(network, None, ['a', 'b', 'c', 'd']) == {
        'a': ['default', 'web', 'default'], 'b': [unnamed]}
    assert security_groups.bindings(network, None, []) == {}


def test_bindings_ask_for_the_ports_of_a_hundred_servers_at_a_time():
    network = FakeNetwork([{'id': SG1, 'name': 'default'}],
                          [{'id': 'p%d' % i, 'device_id': 's%d' % i,
                            'security_groups': [SG1]} for i in range(250)])
    asked = []
    real = network.list_ports
    network.list_ports = lambda **filters: asked.append(len(filters['device_id'])) or real(
        **filters)
    found = security_groups.bindings(network, None, ['s%d' % i for i in range(250)])
    assert asked == [100, 100, 50] and len(found) == 250
