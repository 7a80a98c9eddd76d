"""os-quota-sets: a project's (or a user's) quotas; defaults; detail with usage; admins
update and delete them (Nova's quota_sets controller)."""
from novalite import exception
from novalite import policy
from novalite import quota
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute.schemas import quota_sets as schemas
from novalite.api.compute.schemas import queries

POLICY = 'os_compute_api:os-quota-sets:%s'


# 2.57: the personality (injected file) quotas are gone
INJECTED = ('injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes')


def filtered(req):
    """Resources the request's microversion does not show (2.36: the network proxies,
    2.57: the injected files)."""
    if req.legacy_v2:
        return ()
    if req.api_version >= mv.NO_PERSONALITY:
        return quota.NETWORK_PROXY + INJECTED
    if req.api_version >= mv.PROXY_APIS_REMOVED:
        return quota.NETWORK_PROXY
    return ()


def format_set(req, key, values, id=None, hidden=()):
    result = {'id': str(id)} if id is not None else {}
    for resource in quota.RESOURCES:
        if resource in values and resource not in hidden:
            result[resource] = values[resource]
    return {key: result}


def _user_id(req):
    values = req.GET.getall('user_id')
    return values[0] if values and values[0] else None


class QuotaSetsController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query(queries.QUOTA_SET, strict_from=mv.API_CLEANUP)
    def show(self, req, id):
        policy.authorize(req.context, POLICY % 'show', {'project_id': id})
        values = quota.get_quotas(id, _user_id(req), self.conf)
        return format_set(req, 'quota_set', values, id, filtered(req))

    @validation.query(queries.QUOTA_SET, strict_from=mv.API_CLEANUP)
    def detail(self, req, id):
        policy.authorize(req.context, POLICY % 'detail', {'project_id': id})
        values = quota.get_detail(id, _user_id(req), self.conf)
        return format_set(req, 'quota_set', values, id, filtered(req))

    def defaults(self, req, id):
        policy.authorize(req.context, POLICY % 'defaults', {'project_id': id})
        return format_set(req, 'quota_set', quota.get_defaults(self.conf), id, filtered(req))

    def update(self, req, id, body):
        policy.authorize(req.context, POLICY % 'update', {'project_id': id})
        validation.validate(self._schema(req), body)
        user_id = _user_id(req)
        quota_set = body['quota_set']
        if 'networks' in quota_set:
            raise exception.Invalid('The networks quota has been removed')
        force = validation.to_bool(quota_set.get('force', False))
        values = {k: int(v) for k, v in quota_set.items()
                  if k in quota.RESOURCES and (v or v == 0) and v != ''}
        if not force:
            settable = quota.settable_range(id, user_id, self.conf)
            for resource, value in values.items():
                _check_limit(resource, value, *settable[resource])
        if values:
            quota.update_quotas(id, values, user_id)
        # as Nova: no 'id' in the update response
        return format_set(req, 'quota_set', quota.get_quotas(id, user_id, self.conf),
                          hidden=filtered(req))

    @wsgi.response(202)
    def delete(self, req, id):
        policy.authorize(req.context, POLICY % 'delete', {'project_id': id})
        quota.delete_quotas(id, _user_id(req))
        return None

    @staticmethod
    def _schema(req):
        if req.legacy_v2:
            return schemas.update_v20
        if req.api_version >= mv.NO_PERSONALITY:
            return schemas.update_v257
        if req.api_version >= mv.PROXY_APIS_REMOVED:
            return schemas.update_v236
        return schemas.update


def _check_limit(resource, value, minimum, maximum):
    def inf(n):
        return float('inf') if n == -1 else n
    if inf(value) < inf(minimum):
        raise exception.Invalid(
            'Quota limit %s for %s must be greater than or equal to already used and '
            'reserved %s.' % (value, resource, minimum))
    if inf(value) > inf(maximum):
        raise exception.Invalid('Quota limit %s for %s must be less than or equal to %s.'
                                % (value, resource, maximum))
