"""Host states built from compute nodes and their services, for filters and weighers."""
import threading

from novalite.db import aggregates as agg_db
from novalite.db import api as db_api
from novalite.db import session as db
from novalite.scheduler.filters import image_props


class HostState:
    def __init__(self, node, service, conf):
        self.host = node['host']
        self.nodename = node['hypervisor_hostname']
        self.node_id = node['id']
        self.node_uuid = node['uuid']
        self.vcpus_total = node['vcpus']
        self.vcpus_used = node['vcpus_used']
        self.total_usable_ram_mb = node['memory_mb']
        self.total_usable_disk_gb = node['local_gb']
        self.cpu_allocation_ratio = node['cpu_allocation_ratio']
        self.ram_allocation_ratio = node['ram_allocation_ratio']
        self.disk_allocation_ratio = node['disk_allocation_ratio']
        self.free_ram_mb = node['memory_mb'] * node['ram_allocation_ratio'] \
            - node['memory_mb_used']
        self.free_disk_gb = node['local_gb'] * node['disk_allocation_ratio'] \
            - node['local_gb_used']
        self.free_vcpus = node['vcpus'] * node['cpu_allocation_ratio'] - node['vcpus_used']
        self.num_instances = node['running_vms']
        self.service = service
        self.service_up = bool(service) and db_api.service_is_up(service,
                                                                 conf.service_down_time)
        self.service_disabled = not service or service['disabled']
        self.availability_zone = conf.default_availability_zone
        self.aggregates = []    # the host's aggregates (dicts with 'metadata')
        self._instances = None  # uuids of the instances claimed on the node (lazy)
        self._allocations = None
        self.hypervisor_type = node.get('hypervisor_type') or 'fake'
        self.hypervisor_version = node.get('hypervisor_version') or 0
        # Nova's supported_instances: (architecture, hypervisor type, vm mode)
        arch = 'x86_64' if self.hypervisor_type == 'fake' else image_props.host_arch()
        hv_types = {self.hypervisor_type.lower()}
        if 'qemu' in hv_types:
            hv_types.add('kvm')
        self.supported_instances = [(arch, hv, 'hvm') for hv in sorted(hv_types)]

    @property
    def instances(self):
        """uuids of the instances claimed on the node, read (once per request, for every
        host of it) only when a filter or weigher asks: most requests never do."""
        if self._instances is None:
            by_node = self._allocations() if self._allocations is not None else {}
            self._instances = set(by_node.get(self.node_id, ()))
        return self._instances

    @instances.setter
    def instances(self, value):
        self._instances = value

    def __repr__(self):
        return '(%s, %s) ram: %sMB disk: %sGB vcpus: %s' % (
            self.host, self.nodename, self.free_ram_mb, self.free_disk_gb, self.free_vcpus)


def _allocations_once():
    """The allocations of every node, read at most once (for one request's host states)."""
    loaded = []

    def load():
        if not loaded:
            loaded.append(db_api.allocation_instances_by_node())
        return loaded[0]
    return load


def _build(conf, nodes, services, aggregates):
    allocations = _allocations_once()
    states = []
    for node in nodes:
        state = HostState(node, services.get(node['host']), conf)
        state._allocations = allocations
        state.aggregates = aggregates.get(node['host'], [])
        zones = sorted({a['availability_zone'] for a in state.aggregates
                        if a['availability_zone']})
        if zones:
            state.availability_zone = ','.join(zones)
        states.append(state)
    return states


def _services():
    return {s['host']: s for s in db_api.service_get_all('nova-compute')}


def get_host_states(conf):
    return _build(conf, db_api.compute_nodes_get_all(), _services(),
                  agg_db.aggregates_by_host())


class HostStateCache:
    """The scheduler's host states: the nodes' capacity and usage read on every request
    (one Core statement: claims and releases change them all the time), the compute
    services and the aggregates kept until ``db_api.host_fingerprint`` (one statement)
    says a row of theirs changed, in this process or another. Service liveness is judged
    again on every request from the heartbeat time read. The claim stays the authority."""

    def __init__(self, conf):
        self.conf = conf
        self._lock = threading.Lock()
        self._key = None
        self._services = self._aggregates = None

    def get(self):
        key = (db.get_engine(), db_api.host_fingerprint())
        with self._lock:
            if key != self._key:
                self._services, self._aggregates = _services(), agg_db.aggregates_by_host()
                self._key = key
            services, aggregates = self._services, self._aggregates
        return _build(self.conf, db_api.compute_nodes_get_all(), services, aggregates)
