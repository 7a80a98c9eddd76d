"""The servers resource: create, list, show, update, delete."""
import re

import stevedore

from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import common
from novalite.api.compute import disk_config
from novalite.api.compute import server_filters
from novalite.api.compute.schemas import servers as schemas
from novalite.api.compute.views import servers as views
from novalite.compute import api as compute_api
from novalite.compute import create_request
from novalite.compute import hosts as host_api
from novalite.compute import security_groups
from novalite.compute import server_extras
from novalite.compute import states

# Filters any user may use; the rest are admin's (others are ignored, as Nova does).
USER_FILTERS = ('name', 'status', 'image', 'flavor', 'changes-since', 'reservation_id',
                'ip', 'ip6')
ADMIN_FILTERS = ('all_tenants', 'project_id', 'tenant_id', 'host', 'deleted', 'uuid')
SORT_KEYS = {'created_at': 'created_at', 'display_name': 'display_name',
             'updated_at': 'updated_at', 'launched_at': 'launched_at', 'uuid': 'uuid',
             'vm_state': 'vm_state', 'task_state': 'task_state', 'host': 'host',
             'hostname': 'hostname', 'project_id': 'project_id', 'user_id': 'user_id',
             'image_ref': 'image_ref', 'availability_zone': 'availability_zone',
             'key_name': 'key_name', 'power_state': 'power_state'}


class ServersController:

    def __init__(self, conf):
        self.conf = conf
        self.compute_api = compute_api.API(conf)
        mgr = stevedore.ExtensionManager('novalite.api.compute.server_create',
                                         invoke_on_load=True, invoke_args=(conf,),
                                         on_load_failure_callback=_raise)
        self.plugins = sorted(mgr, key=lambda ext: ext.name)
        self._schemas = {}

    def _create_schema(self, req):
        key = (str(req.api_version), req.legacy_v2)
        if key not in self._schemas:
            fragments = [ext.obj.schema(req.api_version) for ext in self.plugins]
            self._schemas[key] = schemas.create(req.api_version, req.legacy_v2, fragments)
        return self._schemas[key]

    # ------------------------------------------------------------------ create
    @wsgi.response(202)
    def create(self, req, body):
        ctx = req.context
        policy.authorize(ctx, 'os_compute_api:servers:create',
                         {'project_id': ctx.project_id, 'user_id': ctx.user_id})
        schema = self._create_schema(req)
        validation.validate(schema, body)
        server = body['server']
        if req.legacy_v2:
            # v2 compatibility accepts attributes the 2.1 schema does not know and ignores
            # them, as Nova does: no plugin sees an attribute its schema never checked
            known = schema['properties']['server']['properties']
            server = {key: value for key, value in server.items() if key in known}
        create_req = create_request.CreateRequest()
        for ext in self.plugins:
            ext.obj.server_create(server, create_req, body, req)
        instances, reservation_id = self.compute_api.create(ctx, create_req)
        if create_req.return_reservation_id:
            return wsgi.ResponseObject({'reservation_id': reservation_id}, status=202)
        inst = instances[0]
        view = {'id': inst['uuid'], 'links': views.links(req, inst),
                disk_config.API_DISK_CONFIG: disk_config.to_api(inst),
                'adminPass': create_req.admin_password or compute_api.generate_password()}
        if inst['requested_networks']:
            view['security_groups'] = [{'name': n} for n in inst['security_groups']]
        return wsgi.ResponseObject({'server': view}, status=202,
                                   headers={'Location': req.link('servers', inst['uuid'])})

    # ------------------------------------------------------------------ read
    @validation.query(server_filters.QUERY, strict_from=mv.API_CLEANUP)
    def index(self, req):
        instances, more = self._list(req, 'index')
        return self._collection(req, [views.basic(req, i) for i in instances], instances, more)

    @validation.query(server_filters.QUERY, strict_from=mv.API_CLEANUP)
    def detail(self, req):
        instances, more = self._list(req, 'detail')
        faults = compute_api.latest_faults([i['uuid'] for i in instances
                                            if i['vm_state'] in (states.ERROR, states.DELETED)])
        host_status = self._host_statuses(req)
        views.prefetch_volumes(instances)
        groups = self._security_groups(req, instances)
        return self._collection(req, [views.show(req, i, faults.get(i['uuid']),
                                                 host_status(i), in_list=True,
                                                 security_groups=groups.get(i['uuid']))
                                      for i in instances],
                                instances, more)

    def show(self, req, id):
        ctx = req.context
        inst = self._get(ctx, id)
        policy.authorize(ctx, 'os_compute_api:servers:show',
                         {'project_id': inst['project_id']})
        return {'server': views.show(req, inst, _fault(inst), self._host_statuses(req)(inst),
                                     security_groups=self._security_groups(req, [inst]).get(
                                         inst['uuid']))}

    def _collection(self, req, items, instances, more):
        body = {'servers': items}
        if more and instances:
            path = ('servers', 'detail') if req.path_info.rstrip('/').endswith('detail') \
                else ('servers',)
            body['servers_links'] = common.next_link(req, path, instances[-1]['uuid'])
        return body

    def _get(self, ctx, uuid):
        return compute_api.get_instance(ctx, uuid)

    def _host_statuses(self, req):
        return host_statuses(req, self.conf)

    def _security_groups(self, req, instances):
        return security_groups.bindings(self.compute_api.network, req.context,
                                        [i['uuid'] for i in instances])

    def _list(self, req, action):
        ctx = req.context
        policy.authorize(ctx, 'os_compute_api:servers:%s' % action,
                         {'project_id': ctx.project_id})
        params = req.GET
        is_admin = policy.authorize(ctx, 'os_compute_api:servers:allow_all_filters',
                                    fatal=False, target={'project_id': ctx.project_id})
        query = {'project_id': ctx.project_id}
        all_tenants = 'all_tenants' in params and validation.to_bool(
            params.get('all_tenants') or 'true')
        if all_tenants:  # Nova: admin-only and fatal (403), whatever else the caller may
            policy.authorize(ctx, 'os_compute_api:servers:%s:get_all_tenants' % action,
                             {'project_id': ctx.project_id})
        if is_admin:
            if all_tenants:
                query['project_id'] = None
            project = params.get('project_id') or params.get('tenant_id')
            if project and all_tenants:
                query['project_id'] = project
            if params.get('host'):
                query['host'] = params['host']
            if params.get('deleted') is not None:
                query['deleted'] = validation.to_bool(params['deleted'])
        if params.get('changes-since'):
            query['changes_since'] = server_filters.parse_time(params['changes-since'],
                                                               'changes-since')
        if params.get('image'):
            query['image_ref'] = params['image'].rstrip('/').rsplit('/', 1)[-1]
        if params.get('flavor'):
            query['flavor_id'] = params['flavor'].rstrip('/').rsplit('/', 1)[-1]
        if params.get('reservation_id'):
            query['reservation_id'] = params['reservation_id']
        sort_keys, sort_dirs = _sorting(params)
        instances = compute_api.get_instances(sort_keys=sort_keys, sort_dirs=sort_dirs, **query)
        instances = self._python_filters(req, instances, params)
        instances = server_filters.apply(req, instances, is_admin)  # 2.66 -> 2.83
        limit, marker = common.limit_and_marker(req, self.conf.api.max_limit)
        return common.paginate(instances, limit, marker, 'uuid')

    def _python_filters(self, req, instances, params):
        statuses = params.getall('status')
        if statuses:
            wanted = {s.upper() for s in statuses}
            known = set()
            for task_map in states.STATUS_MAP.values():
                known.update(task_map.values())
            bad = wanted - known - {'UNKNOWN'}
            if bad and req.api_version >= mv.STRICT_STATUS_FILTER:
                raise exception.Invalid('Invalid status value')
            instances = [i for i in instances
                         if states.status_from_state(i['vm_state'], i['task_state']) in wanted]
        if params.get('name'):
            pattern = _regex(params['name'], 'name')
            instances = [i for i in instances
                         if pattern.search(i['display_name'] or '')]
        for key, version in (('ip', 4), ('ip6', 6)):
            if params.get(key):
                pattern = _regex(params[key], key)
                instances = [i for i in instances if any(
                    pattern.search(ip['address']) for vif in i['network_info'] or []
                    for ip in vif.get('ips', []) if ip['version'] == version)]
        if req.api_version >= mv.SERVER_TAGS:
            instances = _tag_filters(instances, params)
        return instances

    # ------------------------------------------------------------------ update / delete
    def update(self, req, id, body):
        ctx = req.context
        inst = self._get(ctx, id)
        policy.authorize(ctx, 'os_compute_api:servers:update',
                         {'project_id': inst['project_id']})
        validation.validate(schemas.update(req.api_version), body)
        server = body['server']
        updates = {}
        if 'name' in server:
            updates['display_name'] = server['name']
        if 'description' in server:
            updates['display_description'] = server['description']
        if 'accessIPv4' in server:
            updates['access_ip_v4'] = server['accessIPv4']
        if 'accessIPv6' in server:
            updates['access_ip_v6'] = server['accessIPv6']
        if 'hostname' in server:  # 2.90
            updates['hostname'] = server['hostname']
        if 'pinned_availability_zone' in server:  # 2.104
            updates['system_metadata'] = server_extras.ServerExtras.pin_availability_zone(
                inst, server['pinned_availability_zone'])
        disk_config.from_api(server, updates)  # Nova's update takes it, unchecked
        inst = self.compute_api.update(ctx, inst, updates)
        minimal = req.api_version < mv.API_CLEANUP
        groups = {} if minimal else self._security_groups(req, [inst])
        return {'server': views.show(req, inst, _fault(inst), self._host_statuses(req)(inst),
                                     minimal=minimal, security_groups=groups.get(inst['uuid']))}

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        inst = self._get(ctx, id)
        policy.authorize(ctx, 'os_compute_api:servers:delete',
                         {'project_id': inst['project_id']})
        if self.conf.reclaim_instance_interval > 0:
            try:  # Nova: a soft delete; a server that never ran is deleted at once
                self.compute_api.soft_delete(ctx, inst)
                return
            except exception.InstanceInvalidState:
                pass
        self.compute_api.delete(ctx, inst)


def host_statuses(req, conf):
    """inst -> host_status (2.16, where policy shows it; None otherwise)."""
    if req.api_version < mv.HOST_STATUS or not policy.authorize(
            req.context, 'os_compute_api:servers:show:host_status', fatal=False,
            target={'project_id': req.context.project_id}):
        return lambda inst: None
    services = {s['host']: s for s in host_api.services('nova-compute')}

    def status(inst):
        service = services.get(inst['host'])
        if not inst['host']:
            return ''
        if service is None:
            return 'UNKNOWN'
        if service['forced_down'] or not host_api.service_is_up(
                service, conf.service_down_time):
            return 'DOWN'
        return 'MAINTENANCE' if service['disabled'] else 'UP'
    return status


def _fault(inst):
    """The latest fault, for the states whose view shows one."""
    if inst['vm_state'] not in (states.ERROR, states.DELETED):
        return None
    return compute_api.latest_faults([inst['uuid']]).get(inst['uuid'])


def _raise(manager, entrypoint, exc):
    raise exc


def _tag_filters(instances, params):
    """Nova's tag filters (2.26), each a comma-separated list: tags (has all), tags-any (has
    one), not-tags (lacks at least one), not-tags-any (has none)."""
    tests = {'tags': lambda have, want: want <= have,
             'tags-any': lambda have, want: bool(want & have),
             'not-tags': lambda have, want: not want <= have,
             'not-tags-any': lambda have, want: not want & have}
    for key, test in tests.items():
        if params.get(key):
            want = set(params[key].split(','))
            instances = [i for i in instances if test(set(i['tags'] or []), want)]
    return instances


def _regex(value, name):
    try:
        return re.compile(value)
    except re.error:
        raise exception.Invalid('Invalid filter value for %s: %s is not a valid regular '
                                'expression' % (name, value))


def _sorting(params):
    keys = params.getall('sort_key') or ['created_at']
    dirs = params.getall('sort_dir') or ['desc'] * len(keys)
    for key in keys:
        if key not in SORT_KEYS:
            raise exception.Invalid('Invalid sort_key: %s' % key)
    for d in dirs:
        if d not in ('asc', 'desc'):
            raise exception.Invalid('Invalid sort_dir: %s' % d)
    dirs = (dirs + [dirs[-1]] * len(keys))[:len(keys)]
    return [SORT_KEYS[k] for k in keys] + ['id'], dirs + [dirs[0]]
