"""os-hypervisors: compute nodes with their services and usage.

Usage (vCPUs, RAM, disk, running VMs) is summed from the allocations the scheduler's claims
made, so it changes the moment a server is scheduled or deleted. From 2.53 ids are uuids and
``/search`` and ``/servers`` give way to the ``hypervisor_hostname_pattern`` and
``with_servers`` query parameters; 2.88 removes ``/statistics``, ``/uptime`` and the
resource fields of the view (``uptime`` joins it).
"""
from novalite import exception
from novalite import policy
from novalite import timeutils
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api.compute import common
from novalite.api.compute.views import hypervisors as views
from novalite.compute import api as compute_api
from novalite.compute import hosts as host_api
from novalite.api.compute.schemas import queries

POLICY = 'os_compute_api:os-hypervisors:%s'
_NO_USAGE = {'vcpus': 0, 'memory_mb': 0, 'disk_gb': 0, 'instances': 0}
_GONE = 'The resource could not be found.'


def _is_uuid(value):
    import uuid
    try:
        return str(uuid.UUID(value)) == value.lower()
    except (TypeError, ValueError, AttributeError):
        return False


class HypervisorsController:

    def __init__(self, conf):
        self.conf = conf

    # ------------------------------------------------------------------ helpers
    def _nodes(self):
        """[(node, service, up)] for the compute nodes whose compute service exists."""
        services = {s['host']: s for s in host_api.services('nova-compute')}
        out = []
        for node in host_api.compute_nodes():
            service = services.get(node['host'])
            if service is not None:
                out.append((node, service,
                            host_api.service_is_up(service, self.conf.service_down_time)))
        return out

    @staticmethod
    def _workloads():
        """Live instances with a task in progress, per host (Nova's current_workload)."""
        counts = {}
        for inst in compute_api.get_instances():
            if inst['host'] and inst['task_state'] is not None:
                counts[inst['host']] = counts.get(inst['host'], 0) + 1
        return counts

    @staticmethod
    def _servers(node):
        return compute_api.get_instances(host=node['host'], sort_keys=('id',),
                                         sort_dirs=('asc',))

    def _detail(self, req, entries, with_servers=False):
        usage = host_api.usage_by_node()
        workloads = self._workloads()
        no_stats = req.api_version >= mv.HYPERVISOR_NO_STATS
        return [views.detail(req, node, svc, up, usage.get(node['id'], _NO_USAGE),
                             workloads.get(node['host'], 0),
                             servers=self._servers(node) if with_servers else None,
                             uptime=_uptime(svc['created_at']) if no_stats and up else None)
                for node, svc, up in entries]

    def _key(self, req, node):
        return node['uuid'] if req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS else node['id']

    def _page(self, req, entries, path):
        if req.api_version < mv.HYPERVISOR_PAGINATION:
            return entries, None
        limit, marker = common.limit_and_marker(req, self.conf.api.max_limit)
        if marker is not None:
            ids = [str(self._key(req, node)) for node, _s, _u in entries]
            if marker not in ids:
                raise exception.Invalid('Marker %s could not be found.' % marker)
            entries = entries[ids.index(marker) + 1:]
        entries = entries[:limit]
        links = None
        if entries and len(entries) == limit:
            links = common.next_link(req, path, self._key(req, entries[-1][0]))
        return entries, links

    def _search(self, pattern):
        entries = [e for e in self._nodes() if pattern in e[0]['hypervisor_hostname']]
        if not entries:
            raise exception.NotFound("No hypervisor matching '%s' could be found." % pattern)
        return entries

    def _get(self, req, id):
        if req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS:
            if not _is_uuid(id):
                raise exception.Invalid('Invalid uuid %s' % id)
            match = lambda node: node['uuid'] == id.lower()  # noqa: E731
        else:
            try:
                node_id = validation.db_int(id)
            except ValueError:
                raise exception.NotFound("Hypervisor with ID '%s' could not be found." % id)
            match = lambda node: node['id'] == node_id  # noqa: E731
        for entry in self._nodes():
            if match(entry[0]):
                return entry
        raise exception.NotFound("Hypervisor with ID '%s' could not be found." % id)

    def _list(self, req, path):
        """2.53: hypervisor_hostname_pattern (no paging with it) and with_servers."""
        with_servers = False
        if req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS:
            with_servers = _bool_param(req, 'with_servers')
            pattern = req.GET.get('hypervisor_hostname_pattern')
            if pattern is not None:
                if 'limit' in req.GET or 'marker' in req.GET:
                    raise exception.Invalid('Paging over hypervisors with the '
                                            'hypervisor_hostname_pattern query parameter is '
                                            'not supported.')
                return self._search(pattern), None, with_servers
        entries, links = self._page(req, self._nodes(), path)
        return entries, links, with_servers

    # ------------------------------------------------------------------ API
    @validation.query(queries.HYPERVISORS, strict_from=mv.SERVICE_HYPERVISOR_UUIDS)
    def index(self, req):
        policy.authorize(req.context, POLICY % 'list', {})
        entries, links, with_servers = self._list(req, ('os-hypervisors',))
        body = {'hypervisors': [
            views.basic(n, s, up, servers=self._servers(n) if with_servers else None, req=req)
            for n, s, up in entries]}
        if links:
            body['hypervisors_links'] = links
        return body

    @validation.query(queries.HYPERVISORS, strict_from=mv.SERVICE_HYPERVISOR_UUIDS)
    def detail(self, req):
        policy.authorize(req.context, POLICY % 'list-detail', {})
        entries, links, with_servers = self._list(req, ('os-hypervisors', 'detail'))
        body = {'hypervisors': self._detail(req, entries, with_servers)}
        if links:
            body['hypervisors_links'] = links
        return body

    @validation.query(queries.HYPERVISOR, strict_from=mv.SERVICE_HYPERVISOR_UUIDS)
    def show(self, req, id):
        policy.authorize(req.context, POLICY % 'show', {})
        with_servers = (req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS
                        and _bool_param(req, 'with_servers'))
        return {'hypervisor': self._detail(req, [self._get(req, id)], with_servers)[0]}

    @validation.query(None)  # gone before 2.102 (404)
    def uptime(self, req, id):
        if req.api_version >= mv.HYPERVISOR_NO_STATS:
            raise exception.NotFound(_GONE)
        policy.authorize(req.context, POLICY % 'uptime', {})
        node, service, up = self._get(req, id)
        if not up:
            raise exception.Invalid('Compute service of %s is unavailable at this time.'
                                    % node['host'])
        view = views.basic(node, service, up, req=req)
        view['uptime'] = _uptime(service['created_at'])
        return {'hypervisor': view}

    @validation.query(None)  # gone before 2.102 (404)
    def search(self, req, id):
        if req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS:
            raise exception.NotFound(_GONE)
        policy.authorize(req.context, POLICY % 'search', {})
        return {'hypervisors': [views.basic(n, s, up) for n, s, up in self._search(id)]}

    @validation.query(None)  # gone before 2.102 (404)
    def servers(self, req, id):
        if req.api_version >= mv.SERVICE_HYPERVISOR_UUIDS:
            raise exception.NotFound(_GONE)
        policy.authorize(req.context, POLICY % 'servers', {})
        return {'hypervisors': [views.basic(n, s, up, servers=self._servers(n))
                                for n, s, up in self._search(id)]}

    @validation.query(None)  # gone before 2.102 (404)
    def statistics(self, req):
        """Totals over the compute nodes of enabled compute services (gone at 2.88)."""
        if req.api_version >= mv.HYPERVISOR_NO_STATS:
            raise exception.NotFound(_GONE)
        policy.authorize(req.context, POLICY % 'statistics', {})
        usage = host_api.usage_by_node()
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


def _bool_param(req, name):
    value = req.GET.get(name)
    if value is None:
        return False
    if str(value).lower() not in {str(v).lower() for v in validation.boolean['enum']}:
        raise exception.Invalid("Invalid input for query parameters %s. Value: %s. "
                                "'%s' is not one of the allowed values" % (name, value, value))
    return validation.to_bool(value)


def _uptime(since):
    """The hypervisor's uptime line, shaped as uptime(1) prints it."""
    now = timeutils.utcnow()
    delta = now - (since or now)
    days, rest = delta.days, delta.seconds
    hours, minutes = rest // 3600, (rest % 3600) // 60
    clock = now.strftime('%H:%M:%S')
    up = ('%d day%s, %2d:%02d' % (days, '' if days == 1 else 's', hours, minutes) if days
          else '%2d:%02d' % (hours, minutes))
    return ' %s up %s,  1 user,  load average: 0.00, 0.00, 0.00' % (clock, up)
