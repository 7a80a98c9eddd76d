"""Hypervisor views: integer ids below 2.53, compute node uuids (and service uuids) from
2.53; from 2.88 the resource fields and cpu_info are gone and ``uptime`` is in the view."""
import json

from novalite.api import microversion as mv

_STATS_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used',
                 'local_gb_used', 'free_ram_mb', 'free_disk_gb', 'current_workload',
                 'running_vms', 'disk_available_least', 'cpu_info')


def _uuids(req):
    return req is not None and req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS


def basic(node, service, up, servers=None, req=None):
    view = {'id': node['uuid'] if _uuids(req) else node['id'],
            'hypervisor_hostname': node['hypervisor_hostname'],
            'state': 'up' if up else 'down',
            'status': 'disabled' if service['disabled'] else 'enabled'}
    if servers:
        view['servers'] = [{'name': 'instance-%08x' % s['id'], 'uuid': s['uuid']}
                           for s in servers]
    return view


def detail(req, node, service, up, usage, workload, servers=None, uptime=None):
    view = basic(node, service, up, servers=servers, req=req)
    free_ram = node['memory_mb'] - usage['memory_mb']
    free_disk = node['local_gb'] - usage['disk_gb']
    view.update({
        'vcpus': node['vcpus'], 'memory_mb': node['memory_mb'], 'local_gb': node['local_gb'],
        'vcpus_used': usage['vcpus'], 'memory_mb_used': usage['memory_mb'],
        'local_gb_used': usage['disk_gb'], 'hypervisor_type': node['hypervisor_type'],
        'hypervisor_version': node['hypervisor_version'], 'free_ram_mb': free_ram,
        'free_disk_gb': free_disk, 'current_workload': workload,
        'running_vms': usage['instances'], 'disk_available_least': free_disk,
        'host_ip': node['host_ip'] or '127.0.0.1',
        'service': {'id': service['uuid'] if _uuids(req) else service['id'],
                    'host': node['host'], 'disabled_reason': service['disabled_reason']},
    })
    cpu_info = {'arch': 'x86_64', 'model': 'fake', 'vendor': 'novalite', 'features': [],
                'topology': {'sockets': 1, 'cores': node['vcpus'], 'threads': 1}}
    view['cpu_info'] = (cpu_info if req.api_version >= mv.HYPERVISOR_CPU_INFO_DICT
                        else json.dumps(cpu_info))
    if req.api_version >= mv.HYPERVISOR_NO_STATS:
        for key in _STATS_FIELDS:
            view.pop(key, None)
        view['uptime'] = uptime
    return view
