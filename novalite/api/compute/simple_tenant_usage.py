"""os-simple-tenant-usage: hours and resource-hours of the servers active in a window.

``GET /os-simple-tenant-usage`` (admin) sums every project's servers; ``GET
/os-simple-tenant-usage/{tenant_id}`` one project's (its readers or an admin), with
``server_usages``. ``start``/``end`` (default now) bound the window; ``detailed=1`` adds the
servers to the list. 2.40 pages over the servers with ``limit``/``marker`` (an instance
uuid) and answers ``tenant_usages_links`` / ``tenant_usage_links``.
"""
import datetime

from novalite import exception
from novalite import policy
from novalite import timeutils
from novalite.api import microversion as mv
from novalite.api.compute import common
from novalite.compute import api as compute_api
from novalite.api import validation
from novalite.api.compute.schemas import queries

POLICY = 'os_compute_api:os-simple-tenant-usage:%s'
_FORMATS = ('%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%d %H:%M:%S.%f')


def _parse(value):
    if not value:
        return timeutils.utcnow()
    for fmt in _FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise exception.Invalid('Invalid datetime string: Datetime is in invalid format')


def _window(req):
    start, stop = _parse(req.GET.get('start')), _parse(req.GET.get('end'))
    if not start < stop:
        raise exception.Invalid('Invalid start time. The start time cannot occur after '
                                'the end time.')
    return start, stop, req.GET.get('detailed', '0') == '1'


def _hours(inst, start, stop):
    begin = max(inst['launched_at'], start)
    end = min(inst['terminated_at'], stop) if inst['terminated_at'] else stop
    return max((end - begin).total_seconds(), 0) / 3600.0


def _server_usage(inst, start, stop, now):
    hours = _hours(inst, start, stop)
    ended = inst['terminated_at']
    flavor = inst.get('flavor') or {}
    return {'instance_id': inst['uuid'], 'name': inst['display_name'], 'hours': hours,
            'memory_mb': inst['memory_mb'], 'local_gb': (inst['root_gb'] or 0)
            + (inst['ephemeral_gb'] or 0), 'vcpus': inst['vcpus'],
            'tenant_id': inst['project_id'], 'flavor': flavor.get('name'),
            'started_at': inst['launched_at'].isoformat(),
            'ended_at': ended.isoformat() if ended else None,
            'state': 'terminated' if ended or inst['deleted'] else inst['vm_state'],
            'uptime': int(((ended or now) - inst['launched_at']).total_seconds())}


def _usages(instances, start, stop, detailed):
    """[tenant usage] per project, in the order the projects first appear."""
    now = timeutils.utcnow()
    out = {}
    for inst in instances:
        server = _server_usage(inst, start, stop, now)
        usage = out.setdefault(inst['project_id'], {
            'tenant_id': inst['project_id'], 'total_hours': 0.0,
            'total_local_gb_usage': 0.0, 'total_memory_mb_usage': 0.0,
            'total_vcpus_usage': 0.0, 'start': start.isoformat(), 'stop': stop.isoformat(),
            'server_usages': []})
        usage['total_hours'] += server['hours']
        usage['total_local_gb_usage'] += server['local_gb'] * server['hours']
        usage['total_memory_mb_usage'] += server['memory_mb'] * server['hours']
        usage['total_vcpus_usage'] += server['vcpus'] * server['hours']
        usage['server_usages'].append(server)
    result = list(out.values())
    if not detailed:
        for usage in result:
            del usage['server_usages']
    return result


class SimpleTenantUsageController:

    def __init__(self, conf):
        self.conf = conf

    def _page(self, req, instances, path):
        if req.api_version < mv.TENANT_USAGE_PAGINATION:
            return instances, None
        limit, marker = common.limit_and_marker(req, self.conf.api.max_limit)
        if marker is not None:
            uuids = [i['uuid'] for i in instances]
            if marker not in uuids:
                raise exception.Invalid('Marker %s could not be found.' % marker)
            instances = instances[uuids.index(marker) + 1:]
        instances = instances[:limit]
        links = None
        if instances and len(instances) == limit:
            links = common.next_link(req, path, instances[-1]['uuid'])
        return instances, links

    @validation.query(queries.usage, strict_from=mv.API_CLEANUP)
    def index(self, req):
        policy.authorize(req.context, POLICY % 'list', {})
        start, stop, detailed = _window(req)
        instances, links = self._page(req, compute_api.instances_active_in_window(start, stop),
                                      ('os-simple-tenant-usage',))
        body = {'tenant_usages': _usages(instances, start, stop, detailed)}
        if links:
            body['tenant_usages_links'] = links
        return body

    @validation.query(queries.usage_one, strict_from=mv.API_CLEANUP)
    def show(self, req, id):
        policy.authorize(req.context, POLICY % 'show', {'project_id': id})
        start, stop, _ = _window(req)
        instances, links = self._page(
            req, compute_api.instances_active_in_window(start, stop, project_id=id),
            ('os-simple-tenant-usage', id))
        usages = _usages(instances, start, stop, True)
        body = {'tenant_usage': usages[0] if usages else {}}
        if links:
            body['tenant_usage_links'] = links
        return body
