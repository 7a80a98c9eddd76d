"""The compute API (Nova's nova.compute.api) for the server sub-resources: diagnostics,
os-interface attach/detach, os-server-password and the NUMA topology a flavor asks for.

Called by the controllers in novalite/api/compute/server_subresources.py with the shared
``compute.api.API`` object (its RPC client, network API and state decorators)."""
import oslo_messaging as messaging

from novalite import exception
from novalite.compute import api as compute_api
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import session as db

# Nova's states for os-interface attach and detach
INTERFACE_VM_STATES = (states.ACTIVE, states.PAUSED, states.STOPPED)


class ServerExtras:

    def __init__(self, api):
        self.api = api

    # ------------------------------------------------------------------ diagnostics
    @compute_api.check_instance_host
    def get_diagnostics(self, context, instance, standard):
        rpc = self.api.compute_rpc
        call = rpc.get_instance_diagnostics if standard else rpc.get_diagnostics
        try:
            return call(context, instance['host'], instance)
        except NotImplementedError:
            raise exception.DiagnosticsNotImplemented()

    # ------------------------------------------------------------------ os-interface
    def list_interfaces(self, context, instance):
        return self.api.network.list_ports(device_id=instance['uuid'])

    def show_interface(self, context, instance, port_id):
        port = self.api.network.get_port(port_id, context=context)
        if port.get('device_id') != instance['uuid']:
            raise exception.InstanceNotAttached(instance_id=instance['uuid'])
        return port

    @compute_api.check_instance_lock
    @compute_api.check_instance_state('attach_interface', vm_state=INTERFACE_VM_STATES)
    def attach_interface(self, context, instance, network_id=None, port_id=None,
                         requested_ip=None, tag=None):
        if network_id and port_id:
            raise exception.Invalid('Must not input both network_id and port_id')
        if requested_ip and not network_id:
            raise exception.Invalid('Must input network_id when request IP address')
        network = self.api.network
        if port_id:
            port = network.get_port(port_id, context=context)
            if port.get('device_id'):
                raise exception.PortInUse(port_id=port_id)
        elif network_id:
            network.get_network(network_id, context=context)
        else:
            nets = network.available_networks(context)
            if not nets:
                raise exception.InterfaceAttachFailedNoNetwork(project_id=context.project_id)
            if len(nets) > 1:
                raise exception.NetworkAmbiguous()
            network_id = nets[0]['id']
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], 'attach_interface')
        try:
            return self.api.compute_rpc.attach_interface(
                context, instance['host'], instance, network_id, port_id, requested_ip, tag)
        except exception.NovaliteException as exc:
            if exc.code < 500:
                raise
            raise exception.InterfaceAttachFailed(instance_uuid=instance['uuid'])
        except (messaging.RemoteError, messaging.MessagingTimeout):
            raise exception.InterfaceAttachFailed(instance_uuid=instance['uuid'])

    @compute_api.check_instance_lock
    @compute_api.check_instance_state('detach_interface', vm_state=INTERFACE_VM_STATES)
    def detach_interface(self, context, instance, port_id):
        if not any(v['id'] == port_id for v in instance.get('network_info') or []):
            raise exception.PortNotAttached(port_id=port_id)
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], 'detach_interface')
        self.api.compute_rpc.detach_interface(context, instance['host'], instance, port_id)

    # ------------------------------------------------------------------ os-server-password
    @staticmethod
    def get_password(instance):
        """The encrypted password the metadata service stored (Nova keeps it in system
        metadata, in chunks password_0..3); "" when none."""
        sysmeta = instance.get('system_metadata') or {}
        return ''.join(sysmeta.get('password_%d' % i) or '' for i in range(4))

    @staticmethod
    def clear_password(instance):
        sysmeta = dict(instance.get('system_metadata') or {})
        for i in range(4):
            sysmeta['password_%d' % i] = ''
        db_api.instance_update(instance['uuid'], {'system_metadata': sysmeta})

    # ------------------------------------------------------------------ pinned zone (2.104)
    @staticmethod
    def pin_availability_zone(instance, zone):
        """The system metadata with the server unpinned (``zone`` None) or re-pinned to
        the zone it is in; 409 for any other change (unpin first, then re-pin)."""
        sysmeta = dict(instance.get('system_metadata') or {})
        pinned = sysmeta.get('pinned_availability_zone') or None
        if zone is None:
            sysmeta.pop('pinned_availability_zone', None)
        elif pinned is not None and zone != pinned:
            raise exception.PinnedZoneConflict(reason='Cannot change pinned availability zone '
                                            'directly. Unpin first by setting '
                                            'pinned_availability_zone to null.')
        elif pinned is None:
            current = instance['availability_zone']
            if zone != current:
                raise exception.PinnedZoneConflict(
                    reason="Server can only be pinned to its current availability zone "
                           "'%s', but '%s' was requested." % (current, zone))
            sysmeta['pinned_availability_zone'] = zone
        return sysmeta


# ---------------------------------------------------------------------- topology
_PAGE_SIZES = {'small': 4, 'large': 2048, 'any': 4}


def numa_topology(instance):
    """The guest NUMA cells the flavor asks for (hw:numa_nodes, hw:numa_cpus.N,
    hw:numa_mem.N, hw:cpu_policy, hw:mem_page_size), as Nova's InstanceNUMATopology:
    [{'id', 'cpus', 'memory', 'pinning', 'siblings'}] and the page size in KiB; (None,
    None) when the flavor asks for none."""
    flavor = instance.get('flavor') or {}
    specs = flavor.get('extra_specs') or {}
    dedicated = specs.get('hw:cpu_policy') == 'dedicated'
    page = specs.get('hw:mem_page_size')
    try:
        nodes = int(specs.get('hw:numa_nodes') or 0)
    except ValueError:
        nodes = 0
    if not nodes and not dedicated and not page:
        return None, None
    nodes = max(1, nodes)
    vcpus = int(instance.get('vcpus') or flavor.get('vcpus') or 1)
    memory = int(instance.get('memory_mb') or flavor.get('memory_mb') or 0)
    cells = []
    for cell in range(nodes):
        cpus = _explicit(specs, 'hw:numa_cpus.%d' % cell)
        if cpus is None:
            cpus = [c for c in range(vcpus) if c * nodes // vcpus == cell]
        mem = specs.get('hw:numa_mem.%d' % cell)
        mem = int(mem) if str(mem or '').isdigit() else memory // nodes
        pinning = {}
        if dedicated:
            # the host's pCPUs of this NUMA node, one per vCPU, in order
            pinning = {str(c): cell * 64 + i for i, c in enumerate(cpus)}
        siblings = []
        if specs.get('hw:cpu_thread_policy') == 'require':
            siblings = [cpus[i:i + 2] for i in range(0, len(cpus), 2)]
        cells.append({'id': cell, 'cpus': cpus, 'memory': mem, 'pinning': pinning,
                      'siblings': siblings})
    pagesize = None
    if page:
        pagesize = _PAGE_SIZES.get(page) or (int(page) if str(page).isdigit() else None)
    return cells, pagesize


def _explicit(specs, key):
    value = specs.get(key)
    if not value:
        return None
    cpus = set()
    for part in str(value).split(','):
        part = part.strip()
        if '-' in part:
            low, _, high = part.partition('-')
            if low.isdigit() and high.isdigit():
                cpus.update(range(int(low), int(high) + 1))
        elif part.isdigit():
            cpus.add(int(part))
    return sorted(cpus)
