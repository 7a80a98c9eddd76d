"""GET /os-migrations (admin) and GET /servers/{id}/migrations, as Nova serves them.

os-migrations lists every move newest first, filtered by host (source or destination),
status, instance_uuid, migration_type and source_compute; 2.23 adds migration_type (and
links, which Nova gives only to in-progress live migrations, so never here); 2.59 the
migration uuid, limit/marker paging (marker: a migration uuid) and changes-since, with
unknown query parameters a 400; 2.66 changes-before; 2.80 user_id/project_id filters and
fields. /servers/{id}/migrations (2.23) lists only in-progress *live* migrations, so it is
the empty list for the cold moves novalite makes.
"""
from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api.compute import common
from novalite.api.compute import server_filters
from novalite.api.compute.schemas import migrations as schemas
from novalite.compute import api as compute_api
from novalite.compute import moves as move_api

_FIELDS = ('id', 'source_node', 'dest_node', 'source_compute', 'dest_compute', 'dest_host',
           'status', 'instance_uuid', 'old_instance_type_id', 'new_instance_type_id')


def _ts(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') if value else None


_BAD_TIME = ("Invalid input for query parameters %(name)s. Value: %(value)s. '%(value)s' is "
             "not a 'date-time'")


def view(req, migration):
    out = {k: migration[k] for k in _FIELDS}
    out['created_at'] = _ts(migration['created_at'])
    out['updated_at'] = _ts(migration['updated_at'])
    version = req.api_version
    if version >= mv.MIGRATIONS_TYPE:
        out['migration_type'] = migration['migration_type']
    if version >= mv.MIGRATIONS_PAGINATION:
        out['uuid'] = migration['uuid']
    if version >= mv.MIGRATIONS_USER_PROJECT:
        out['user_id'] = migration['user_id']
        out['project_id'] = migration['project_id']
    return out


def _schema(version):
    if version >= mv.MIGRATIONS_USER_PROJECT:
        return schemas.LIST_V280
    if version >= mv.CHANGES_BEFORE:
        return schemas.LIST_V266
    if version >= mv.MIGRATIONS_PAGINATION:
        return schemas.LIST_V259
    return schemas.LIST_V20


class MigrationsController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query(None)  # the method checks its own query (strict from 2.59)
    def index(self, req):
        policy.authorize(req.context, 'os_compute_api:os-migrations:index', {})
        version = req.api_version
        params = req.GET
        validation.validate(_schema(version), {k: params.get(k) for k in params.keys()})
        filters = {k: params.get(k) for k in ('host', 'status', 'instance_uuid',
                                              'migration_type', 'source_compute')
                   if params.get(k) is not None}
        if version >= mv.MIGRATIONS_USER_PROJECT:
            filters.update({k: params.get(k) for k in ('user_id', 'project_id')
                            if params.get(k) is not None})
        kwargs = {}
        limit = None
        if version >= mv.MIGRATIONS_PAGINATION:
            limit, marker = common.limit_and_marker(req, self.conf.api.max_limit)
            kwargs.update(limit=limit, marker=marker)
            if params.get('changes-since'):
                kwargs['changes_since'] = server_filters.parse_time(
                    params['changes-since'], 'changes-since', _BAD_TIME)
            if version >= mv.CHANGES_BEFORE and params.get('changes-before'):
                kwargs['changes_before'] = server_filters.parse_time(
                    params['changes-before'], 'changes-before', _BAD_TIME)
                since = kwargs.get('changes_since')
                if since and kwargs['changes_before'] < since:
                    raise exception.Invalid('The value of changes-since must be less than '
                                            'or equal to changes-before.')
        rows = [m for m in move_api.list_migrations(filters, **kwargs) if not m['hidden']]
        body = {'migrations': [view(req, m) for m in rows]}
        if limit is not None and rows and len(rows) == limit:
            body['migrations_links'] = common.next_link(req, ('os-migrations',),
                                                        rows[-1]['uuid'])
        return body


class ServerMigrationsController:
    """In-progress live migrations of a server; cold moves never show here (as in Nova)."""

    def __init__(self, conf):
        self.conf = conf

    def _instance(self, req, server_id):
        if req.api_version < mv.MIGRATIONS_TYPE:
            raise exception.NotFound('The resource could not be found.')
        inst = compute_api.get_instance(req.context, server_id, any_project=True)
        policy.authorize(req.context, 'os_compute_api:servers:migrations:index',
                         {'project_id': inst['project_id']})
        return inst

    def index(self, req, id):
        self._instance(req, id)
        return {'migrations': []}

    def show(self, req, id, migration_id):
        self._instance(req, id)
        raise exception.NotFound('In-progress live migration %s is not found for server %s.'
                                 % (migration_id, id))
