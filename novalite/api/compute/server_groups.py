"""os-server-groups: create, list, show and delete a project's server groups (Nova to 2.47).

A group has one policy (shown as a one-item ``policies`` list before 2.64); booting with the
``group`` scheduler hint adds the servers as members (novalite/compute/api.py).
"""
from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute.schemas import server_groups as schemas
from novalite.compute import server_groups as group_api
from novalite.api.compute.schemas import queries

POLICY = 'os_compute_api:os-server-groups:%s'


class ServerGroupsController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query(queries.SERVER_GROUPS, strict_from=mv.API_CLEANUP)
    def index(self, req):
        ctx = req.context
        policy.authorize(ctx, POLICY % 'index', {'project_id': ctx.project_id})
        project_id = ctx.project_id
        if 'all_projects' in req.GET and policy.authorize(
                ctx, POLICY % 'index:all_projects', {'project_id': ctx.project_id},
                fatal=False):
            project_id = None
        offset, limit = _offset_and_limit(req, self.conf.api.max_limit)
        groups = group_api.list_groups(project_id)[offset:offset + limit]
        return {'server_groups': [_view(req, g) for g in groups]}

    def show(self, req, id):
        group = self._get(req, id, 'show')
        return {'server_group': _view(req, group)}

    def create(self, req, body):
        ctx = req.context
        policy.authorize(ctx, POLICY % 'create',
                         {'project_id': ctx.project_id, 'user_id': ctx.user_id})
        validation.validate(self._create_schema(req), body)
        params = body['server_group']
        name = params['name'].strip() if req.legacy_v2 else params['name']
        group_policy, rules = _policy_and_rules(req, params)
        group = group_api.create(ctx, self.conf, name, group_policy, rules)
        return {'server_group': _view(req, group)}

    def delete(self, req, id):
        self._get(req, id, 'delete')
        group_api.delete(id)
        return wsgi.ResponseObject(None, status=204)

    @staticmethod
    def _get(req, id, action):
        """The group, after the policy check on its project (404 when there is none)."""
        group = group_api.get(id)
        policy.authorize(req.context, POLICY % action,
                         {'project_id': group['project_id'], 'user_id': group['user_id']})
        return group

    @staticmethod
    def _create_schema(req):
        if req.legacy_v2:
            return schemas.create_v20
        if req.api_version >= mv.SERVER_GROUP_POLICY:
            return schemas.create_v264
        if req.api_version >= mv.SOFT_AFFINITY:
            return schemas.create_v215
        return schemas.create


def _policy_and_rules(req, params):
    """(policy, rules): 2.64 names one policy and its rules, earlier versions a
    one-item policies list."""
    if req.legacy_v2 or req.api_version < mv.SERVER_GROUP_POLICY:
        return params['policies'][0], None
    rules = dict(params.get('rules') or {})
    if rules and params['policy'] != 'anti-affinity':
        raise exception.Invalid("Only anti-affinity policy supports 'max_server_per_host' "
                                "rule.")
    if 'max_server_per_host' in rules:
        rules['max_server_per_host'] = int(rules['max_server_per_host'])
    return params['policy'], rules


def _view(req, group):
    if not req.legacy_v2 and req.api_version >= mv.SERVER_GROUP_POLICY:
        view = {'id': group['uuid'], 'name': group['name'], 'policy': group['policy'],
                'rules': dict(group.get('rules') or {}), 'members': list(group['members'])}
    else:
        view = {'id': group['uuid'], 'name': group['name'], 'policies': [group['policy']],
                'members': list(group['members']),
                # exposed by Nova but never used: always empty
                'metadata': {}}
    if not req.legacy_v2 and req.api_version >= mv.SERVER_GROUP_IDS:
        view['project_id'] = group['project_id']
        view['user_id'] = group['user_id']
    return view


def _offset_and_limit(req, max_limit):
    """Nova's common.limited: ``offset`` and ``limit`` query parameters (400 when bad)."""
    values = {}
    for name, default in (('offset', 0), ('limit', max_limit)):
        raw = req.GET.get(name, default)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise exception.Invalid('%s param must be an integer' % name)
        if value < 0:
            raise exception.Invalid('%s param must be positive' % name)
        values[name] = value
    return values['offset'], min(max_limit, values['limit'] or max_limit)
