"""Host states built from compute nodes and their services, for filters and weighers."""
from novalite.db import api as db_api


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
        self.instances = set()  # uuids of the instances claimed on the node

    def __repr__(self):
        return '(%s, %s) ram: %sMB disk: %sGB vcpus: %s' % (
            self.host, self.nodename, self.free_ram_mb, self.free_disk_gb, self.free_vcpus)


def get_host_states(conf):
    services = {s['host']: s for s in db_api.service_get_all('nova-compute')}
    instances = db_api.allocation_instances_by_node()
    states = []
    for node in db_api.compute_nodes_get_all():
        state = HostState(node, services.get(node['host']), conf)
        state.instances = instances.get(node['id'], set())
        states.append(state)
    return states
