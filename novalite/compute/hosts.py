"""The host API behind the deprecated os-hosts (Nova's nova.compute.api.HostAPI).

- list: the enabled services (not the API ones) with their zone, optionally of one zone;
- show: a compute host's resource rows: ``(total)`` and ``(used_now)`` from its compute node
  and the allocations, ``(used_max)`` summed over the instances on it, then one per project;
- delete_service: what DELETE /os-services/{id} removes;
- set_enabled: the compute service's ``disabled`` flag (what os-services enable/disable set);
- maintenance mode and the power actions (startup, shutdown, reboot) are driver calls that
  neither the fake nor the libvirt driver implements: 501, as Nova answers for libvirt, once
  the host is known (404 otherwise; maintenance also wants the service up, 400 otherwise).
"""
from novalite import exception
from novalite.compute import aggregates as aggregate_api
from novalite.db import aggregates as agg_db
from novalite.db import api as db_api

API_BINARIES = ('nova-osapi_compute', 'nova-metadata', 'nova-api')
POWER_ACTIONS = ('startup', 'shutdown', 'reboot')


def _compute_service(host):
    for service in db_api.service_get_all(aggregate_api.COMPUTE_BINARY):
        if service['host'] == host:
            return service
    raise exception.HostNotFound(host=host)


def delete_service(service):
    """DELETE /os-services/{id}: the service row (and its compute nodes) go; as Nova, a
    deleted compute host leaves its aggregates when it hosts no instance."""
    if service['binary'] == aggregate_api.COMPUTE_BINARY:
        if not agg_db.instance_count_on_hosts([service['host']]):
            for agg in agg_db.aggregate_get_by_host(service['host']):
                agg_db.aggregate_host_delete(agg['id'], service['host'])
    db_api.service_destroy(service['id'])


def list_hosts(conf, zone=None):
    zones = agg_db.host_availability_zones()
    hosts = []
    for service in db_api.service_get_all():
        if service['disabled'] or service['binary'] in API_BINARIES:
            continue
        service_zone = aggregate_api.service_zone(conf, service, zones)
        if zone and service_zone != zone:
            continue
        hosts.append({'host_name': service['host'], 'service': service['topic'],
                      'zone': service_zone})
    return hosts


def _row(host, project, cpu, memory_mb, disk_gb):
    return {'resource': {'host': host, 'project': project, 'cpu': cpu,
                         'memory_mb': memory_mb, 'disk_gb': disk_gb}}


def show(host):
    nodes = [n for n in db_api.compute_nodes_get_all() if n['host'] == host]
    if not nodes:
        raise exception.ComputeHostNotFound(host=host)
    node = nodes[0]                      # Nova's get_first_node_by_host_for_old_compat
    used = db_api.allocation_usage_by_node().get(node['id'], {})
    rows = [_row(host, '(total)', node['vcpus'], node['memory_mb'], node['local_gb']),
            _row(host, '(used_now)', used.get('vcpus', 0), used.get('memory_mb', 0),
                 used.get('disk_gb', 0))]
    total = [0, 0, 0]
    projects = {}
    for inst in db_api.instance_get_all(host=host, sort_keys=('id',), sort_dirs=('asc',)):
        usage = (inst['vcpus'], inst['memory_mb'],
                 inst['root_gb'] + (inst.get('ephemeral_gb') or 0))
        per_project = projects.setdefault(inst['project_id'], [0, 0, 0])
        for i, value in enumerate(usage):
            total[i] += value
            per_project[i] += value
    rows.append(_row(host, '(used_max)', *total))
    rows.extend(_row(host, project, *usage) for project, usage in projects.items())
    return rows


def set_enabled(host, enabled):
    """'enabled' or 'disabled', as the driver answers in Nova."""
    _compute_service(host)
    values = ({'disabled': False, 'disabled_reason': None} if enabled
              else {'disabled': True})
    db_api.service_update_by_host_binary(host, aggregate_api.COMPUTE_BINARY, values)
    return 'enabled' if enabled else 'disabled'


def check_maintenance(conf, host):
    """Host maintenance is not implemented by novalite's drivers (nor by libvirt)."""
    service = _compute_service(host)
    if not db_api.service_is_up(service, conf.service_down_time):
        raise exception.ComputeServiceUnavailable(host=host)
    raise exception.FeatureNotSupported()


def power_action(host, action):
    """Startup, shutdown or reboot of a compute host: not implemented by the drivers."""
    _compute_service(host)
    raise exception.FeatureNotSupported()


# --------------------------------------------------------- services and nodes, as the REST
# layer reads and changes them (os-services, os-availability-zone, os-hypervisors, ...)

def services(binary=None):
    """The compute side's service rows (of ``binary``), oldest first."""
    return db_api.service_get_all(binary)


def service_get(service_id):
    """The service row by its integer id; 404."""
    return db_api.service_get(service_id)


def service_is_up(service, down_time):
    """Not forced down and seen within ``down_time`` seconds (``[DEFAULT]
    service_down_time``)."""
    return db_api.service_is_up(service, down_time)


def update_service(host, binary, values):
    """The service's disabled/disabled_reason/forced_down; 404 when there is none."""
    return db_api.service_update_by_host_binary(host, binary, values)


def host_zones():
    """{host: availability zone} of the hosts that an aggregate puts in a zone."""
    return agg_db.host_availability_zones()


def compute_nodes():
    return db_api.compute_nodes_get_all()


def usage_by_node():
    """{compute_node_id: {'vcpus', 'memory_mb', 'disk_gb', 'instances'}} allocated."""
    return db_api.allocation_usage_by_node()
