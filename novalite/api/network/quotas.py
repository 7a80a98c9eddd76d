"""Neutron quotas: /v2.0/quotas (``quotas``), /v2.0/quotas/{project}[/default|/details]
(``quota_details``), /v2.0/quotas/project. A project reads its own quotas; reading another
project's, listing, setting and resetting take ``get_quota`` / ``update_quota`` /
``delete_quota`` (admin), as Neutron's QuotaSetsController."""
from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import attributes as A
from novalite.api.network import common
from novalite.db import network_quotas

SPEC = {name: A.Attr(post=False, convert=A.to_int,
                     validate=A.int_range(-1, network_quotas.MAX_LIMIT))
        for name in network_quotas.RESOURCES}


def _authorize(ctx, action):
    common.authorize(ctx, action, {'project_id': ctx.project_id,
                                   'tenant_id': ctx.project_id})


def _read(ctx, project_id):
    if project_id != ctx.project_id:
        _authorize(ctx, 'get_quota')


class QuotasController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        _authorize(req.context, 'get_quota')
        return {'quotas': [dict(limits, project_id=project_id, tenant_id=project_id)
                           for project_id, limits in network_quotas.projects()]}

    def show(self, req, id):
        _read(req.context, id)
        return {'quota': network_quotas.limits(id)}

    def default(self, req, id):
        _read(req.context, id)
        return {'quota': network_quotas.defaults()}

    def details(self, req, id):
        _read(req.context, id)
        limits, used = network_quotas.limits(id), network_quotas.usage(id)
        return {'quota': {name: {'limit': limits[name], 'used': used[name], 'reserved': 0}
                          for name in network_quotas.RESOURCES}}

    def project(self, req):
        if not req.context.project_id:
            raise errors.bad_request('Tenant-id was missing from quota request.')
        return {'project': {'project_id': req.context.project_id}}

    def tenant(self, req):
        if not req.context.project_id:
            raise errors.bad_request('Tenant-id was missing from quota request.')
        return {'tenant': {'tenant_id': req.context.project_id}}

    def create(self, req, body=None):
        raise errors.NotImplementedByService(reason='POST requests are not supported on this '
                                                'resource.')

    def update(self, req, id, body=None):
        ctx = req.context
        _authorize(ctx, 'update_quota')
        if not isinstance(body, dict) or not isinstance(body.get('quota'), dict):
            raise errors.bad_request("Unable to find 'quota' in request body")
        values = dict(body['quota'])
        values.pop('force', None)
        check_limit = values.pop('check_limit', None)
        values = A.prepare(SPEC, values, ctx, create=False)
        if check_limit and A.to_bool(check_limit):
            used = network_quotas.usage(id)
            for name, limit in values.items():
                if 0 <= limit < used[name]:
                    raise errors.bad_request(
                        'Quota limit %s for %s must be greater than or equal to already '
                        'used %s' % (limit, name, used[name]))
        network_quotas.update(id, values)
        return {'quota': network_quotas.limits(id)}

    @wsgi.response(204)
    def delete(self, req, id):
        _authorize(req.context, 'delete_quota')
        if not network_quotas.delete(id):
            raise errors.ProjectQuotaNotFound(project_id=id)
