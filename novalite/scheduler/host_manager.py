"""Host states built from compute nodes and their services, for filters and weighers."""
from novalite.db import aggregates as agg_db
from novalite.db import api as db_api
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
        self.instances = set()  # uuids of the instances claimed on the node
        self.hypervisor_type = node.get('hypervisor_type') or 'fake'
        self.hypervisor_version = node.get('hypervisor_version') or 0
        # Nova's supported_instances: (architecture, hypervisor type, vm mode)
        arch = 'x86_64' if self.hypervisor_type == 'fake' else image_props.host_arch()
        hv_types = {self.hypervisor_type.lower()}
        if 'qemu' in hv_types:
            hv_types.add('kvm')
        self.supported_instances = [(arch, hv, 'hvm') for hv in sorted(hv_types)]

    def __repr__(self):
        return '(%s, %s) ram: %sMB disk: %sGB vcpus: %s' % (
            self.host, self.nodename, self.free_ram_mb, self.free_disk_gb, self.free_vcpus)


def get_host_states(conf):
    services = {s['host']: s for s in db_api.service_get_all('nova-compute')}
    instances = db_api.allocation_instances_by_node()
    aggregates = agg_db.aggregates_by_host()
    states = []
    for node in db_api.compute_nodes_get_all():
        state = HostState(node, services.get(node['host']), conf)
        state.instances = instances.get(node['id'], set())
        state.aggregates = aggregates.get(node['host'], [])
        zones = sorted({a['availability_zone'] for a in state.aggregates
                        if a['availability_zone']})
        if zones:
            state.availability_zone = ','.join(zones)
        states.append(state)
    return states
