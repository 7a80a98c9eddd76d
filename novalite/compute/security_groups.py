"""A server's security groups (Nova's nova.network.security_group_api add_to_instance and
remove_from_instance, behind the addSecurityGroup/removeSecurityGroup actions).

The groups live on the server's ports in the network service: adding one puts it on every
port, removing takes it off every port that has it. The group is named by id or by name
(the caller's project's groups, as Neutron's find-by-name-or-id). The instance keeps the
names of its ports' groups for the server view. Neither action looks at the server's
state (a rescued or stopped server takes them too), as in Nova.
"""
import logging
import uuid as uuidlib

from novalite import exception
from novalite.db import api as db_api

LOG = logging.getLogger(__name__)


def _is_uuid(value):
    try:
        uuidlib.UUID(str(value))
    except ValueError:
        return False
    return True


def _has_security_requirements(port):
    """Nova's _has_security_group_requirements: port security on and an address."""
    if port.get('fixed_ips') or port.get('ip_allocation') == 'deferred':
        return port.get('port_security_enabled', True)
    return False


_PORTS_PER_QUERY = 100
_PORT_FIELDS = ['device_id', 'security_groups']
_GROUP_FIELDS = ['id', 'name']


def bindings(network, context, instance_uuids):
    """{server uuid: [group name, ...]} from the servers' ports, as Nova's server view reads
    them (get_instances_security_groups_bindings): each port's groups in order, repeated
    across ports, a group the caller cannot see left out, a nameless one by its id. Only
    the attributes it reads are asked for (``fields=``), as Nova asks for groups' id and
    name: the network service then skips the rest (tags, binding policy checks)."""
    uuids = list(instance_uuids)
    ports = []
    for start in range(0, len(uuids), _PORTS_PER_QUERY):   # URLs stay short
        ports += network.list_ports(device_id=uuids[start:start + _PORTS_PER_QUERY],
                                    fields=_PORT_FIELDS)
    ids = sorted({i for port in ports for i in port.get('security_groups') or []})
    groups = {}
    if ids:
        groups = {g['id']: g for g in network.list_security_groups(context, id=ids,
                                                                   fields=_GROUP_FIELDS)}
    out = {}
    for port in ports:
        for group_id in port.get('security_groups') or []:
            if group_id in groups:
                out.setdefault(port['device_id'], []).append(
                    groups[group_id].get('name') or group_id)
    return out


class SecurityGroupAPI:

    def __init__(self, network):
        self.network = network      # novalite.network.api.NetworkAPI

    def find(self, context, name_or_id):
        """The group named ``name_or_id`` (an id first, then a name in the caller's
        project); 404 if none, 409 if the name is ambiguous."""
        if _is_uuid(name_or_id):
            found = self.network.list_security_groups(context, id=name_or_id)
            if found:
                return found[0]
        found = self.network.list_security_groups(context, name=name_or_id,
                                                  project_id=context.project_id)
        if len(found) > 1:
            raise exception.NoUniqueMatch(
                reason="Multiple security_group matches found for name '%s', use an ID to "
                       "be more specific." % name_or_id)
        if not found:
            raise exception.SecurityGroupNotFoundForProject(name=name_or_id,
                                                            project=context.project_id)
        return found[0]

    def _ports(self, instance):
        ports = self.network.list_ports(device_id=instance['uuid'])
        if not ports:
            raise exception.InstanceHasNoPorts(instance=instance['uuid'])
        return ports

    def add_to_instance(self, context, instance, name):
        group = self.find(context, name)
        ports = self._ports(instance)
        for port in ports:
            if not _has_security_requirements(port):
                LOG.warning('Cannot add security group %s to %s: port %s does not meet '
                            'the security requirements', name, instance['uuid'], port['id'])
                raise exception.SecurityGroupCannotBeApplied()
        for port in ports:
            groups = list(port.get('security_groups') or [])
            if group['id'] in groups:
                continue
            self._update_port(port, groups + [group['id']], cannot_apply=True)
        self._record(instance)

    def remove_from_instance(self, context, instance, name):
        group = self.find(context, name)
        removed = False
        for port in self._ports(instance):
            groups = list(port.get('security_groups') or [])
            if group['id'] not in groups:
                continue
            groups.remove(group['id'])
            self._update_port(port, groups)
            removed = True
        if not removed:
            raise exception.SecurityGroupNotOnInstance(name=name, instance=instance['uuid'])
        self._record(instance)

    def _update_port(self, port, groups, cannot_apply=False):
        try:
            self.network.update_port(port['id'], {'security_groups': groups})
        except exception.RemoteServiceError as exc:
            if cannot_apply and exc.kwargs.get('status') == 400:
                raise exception.SecurityGroupCannotBeApplied(exc.kwargs.get('reason'))
            raise

    def _record(self, instance):
        """Keep the names of the ports' groups on the instance (the server view's
        ``security_groups``)."""
        ids = []
        for port in self.network.list_ports(device_id=instance['uuid']):
            ids += [i for i in port.get('security_groups') or [] if i not in ids]
        names = {}
        if ids:
            names = {g['id']: g['name'] or g['id']
                     for g in self.network.list_security_groups(None, id=ids)}
        db_api.instance_update(instance['uuid'],
                               {'security_groups': [names[i] for i in ids if i in names]})
