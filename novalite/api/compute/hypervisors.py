"""os-hypervisors as of microversion 2.47: compute nodes with their services and usage.

Usage (vCPUs, RAM, disk, running VMs) is summed from the allocations the scheduler's claims
made, so it changes the moment a server is scheduled or deleted.
"""
from novalite import exception
from novalite import policy
from novalite.api.compute import common
from novalite.api import microversion as mv
from novalite.api.compute.views import hypervisors as views
from novalite.db import api as db_api
from novalite.db import models

POLICY = 'os_compute_api:os-hypervisors:%s'
_NO_USAGE = {'vcpus': 0, 'memory_mb': 0, 'disk_gb': 0, 'instances': 0}


class HypervisorsController:

    def __init__(self, conf):
        self.conf = conf

    # ------------------------------------------------------------------ helpers
    def _nodes(self):
        """[(node, service, up)] for the compute nodes whose compute service exists."""
        services = {s['host']: s for s in db_api.service_get_all('nova-compute')}
        out = []
        for node in db_api.compute_nodes_get_all():
            service = services.get(node['host'])
            if service is not None:
                out.append((node, service,
                            db_api.service_is_up(service, self.conf.service_down_time)))
        return out

    @staticmethod
    def _workloads():
        """Live instances with a task in progress, per host (Nova's current_workload)."""
        counts = {}
        for inst in db_api.instance_get_all():
            if inst['host'] and inst['task_state'] is not None:
                counts[inst['host']] = counts.get(inst['host'], 0) + 1
        return counts

    def _detail(self, req, entries):
        usage = db_api.allocation_usage_by_node()
        workloads = self._workloads()
        return [views.detail(req, node, svc, up, usage.get(node['id'], _NO_USAGE),
                             workloads.get(node['host'], 0)) for node, svc, up in entries]

    def _page(self, req, entries, path):
        if req.api_version < mv.HYPERVISOR_PAGINATION:
            return entries, None
        limit, marker = common.limit_and_marker(req, self.conf.api.max_limit)
        if marker is not None:
            ids = [str(node['id']) for node, _s, _u in entries]
            if marker not in ids:
                raise exception.Invalid('Marker %s could not be found.' % marker)
            entries = entries[ids.index(marker) + 1:]
        entries = entries[:limit]
        links = None
        if entries and len(entries) == limit:
            links = common.next_link(req, path, entries[-1][0]['id'])
        return entries, links

    def _search(self, pattern):
        entries = [e for e in self._nodes() if pattern in e[0]['hypervisor_hostname']]
        if not entries:
            raise exception.NotFound("No hypervisor matching '%s' could be found." % pattern)
        return entries

    def _get(self, id):
        try:
            node_id = int(id)
        except ValueError:
            node_id = None
        for entry in self._nodes() if node_id is not None else ():
            if entry[0]['id'] == node_id:
                return entry
        raise exception.NotFound("Hypervisor with ID '%s' could not be found." % id)

    # ------------------------------------------------------------------ API
    def index(self, req):
        policy.authorize(req.context, POLICY % 'list', {})
        entries, links = self._page(req, self._nodes(), ('os-hypervisors',))
        body = {'hypervisors': [views.basic(n, s, up) for n, s, up in entries]}
        if links:
            body['hypervisors_links'] = links
        return body

    def detail(self, req):
        policy.authorize(req.context, POLICY % 'list-detail', {})
        entries, links = self._page(req, self._nodes(), ('os-hypervisors', 'detail'))
        body = {'hypervisors': self._detail(req, entries)}
        if links:
            body['hypervisors_links'] = links
        return body

    def show(self, req, id):
        policy.authorize(req.context, POLICY % 'show', {})
        return {'hypervisor': self._detail(req, [self._get(id)])[0]}

    def uptime(self, req, id):
        policy.authorize(req.context, POLICY % 'uptime', {})
        node, service, up = self._get(id)
        if not up:
            raise exception.Invalid('Compute service of %s is unavailable at this time.'
                                    % node['host'])
        view = views.basic(node, service, up)
        view['uptime'] = _uptime(service['created_at'])
        return {'hypervisor': view}

    def search(self, req, id):
        policy.authorize(req.context, POLICY % 'search', {})
        return {'hypervisors': [views.basic(n, s, up) for n, s, up in self._search(id)]}

    def servers(self, req, id):
        policy.authorize(req.context, POLICY % 'servers', {})
        out = []
        for node, service, up in self._search(id):
            instances = db_api.instance_get_all(host=node['host'],
                                                sort_keys=('id',), sort_dirs=('asc',))
            out.append(views.basic(node, service, up, servers=instances))
        return {'hypervisors': out}

    def statistics(self, req):
        """Totals over the compute nodes of enabled compute services."""
        policy.authorize(req.context, POLICY % 'statistics', {})
        usage = db_api.allocation_usage_by_node()
        workloads = self._workloads()
        stats = dict.fromkeys(('count', 'vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                               'memory_mb_used', 'local_gb_used', 'free_ram_mb',
                               'free_disk_gb', 'current_workload', 'running_vms',
                               'disk_available_least'), 0)
        for node, service, _up in self._nodes():
            if service['disabled']:
                continue
            used = usage.get(node['id'], _NO_USAGE)
            stats['count'] += 1
            stats['vcpus'] += node['vcpus']
            stats['memory_mb'] += node['memory_mb']
            stats['local_gb'] += node['local_gb']
            stats['vcpus_used'] += used['vcpus']
            stats['memory_mb_used'] += used['memory_mb']
            stats['local_gb_used'] += used['disk_gb']
            stats['free_ram_mb'] += node['memory_mb'] - used['memory_mb']
            stats['free_disk_gb'] += node['local_gb'] - used['disk_gb']
            stats['disk_available_least'] += node['local_gb'] - used['disk_gb']
            stats['running_vms'] += used['instances']
            stats['current_workload'] += workloads.get(node['host'], 0)
        return {'hypervisor_statistics': stats}


def _uptime(since):
    """The hypervisor's uptime line, shaped as uptime(1) prints it."""
    now = models.utcnow()
    delta = now - (since or now)
    days, rest = delta.days, delta.seconds
    hours, minutes = rest // 3600, (rest % 3600) // 60
    clock = now.strftime('%H:%M:%S')
    up = ('%d day%s, %2d:%02d' % (days, '' if days == 1 else 's', hours, minutes) if days
          else '%2d:%02d' % (hours, minutes))
    return ' %s up %s,  1 user,  load average: 0.00, 0.00, 0.00' % (clock, up)
