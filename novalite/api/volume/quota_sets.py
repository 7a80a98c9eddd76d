"""os-quota-sets and os-quota-class-sets of the block-storage service (Cinder's quotas and
quota_classes extensions): a project's limits (``?usage=True`` adds in_use and reserved),
the defaults, admin updates (not below what is in use) and reset; the ``default`` class and
the other quota classes."""
from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.volume import query
from novalite.policies import volume_extras as P
from novalite.volume import quota

_update = {
    'type': 'object',
    'properties': {'quota_set': {'type': 'object', 'minProperties': 1}},
    'required': ['quota_set'],
    'additionalProperties': False,
}
_update_class = {
    'type': 'object',
    'properties': {'quota_class_set': {'type': 'object'}},
    'required': ['quota_class_set'],
    'additionalProperties': False,
}


def _limit(key, value):
    """Cinder's validate_integer(value, key, -1, DB_MAX_INT)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise exception.InvalidInput(reason='%s must be an integer.' % key)
    if number < -1:
        raise exception.InvalidInput(reason='%s must be >= -1' % key)
    if number > quota.MAX_LIMIT:
        raise exception.InvalidInput(reason='%s must be <= %d' % (key, quota.MAX_LIMIT))
    return number


def _values(body_set, known, what):
    bad = [k for k in body_set if k not in known and k not in quota.NON_QUOTA_KEYS]
    if bad:
        raise exception.InvalidInput(reason='Bad key(s) in %s: %s' % (what, ', '.join(bad)))
    return {k: _limit(k, v) for k, v in body_set.items() if k not in quota.NON_QUOTA_KEYS}


class QuotaSetsController:

    def __init__(self, conf):
        self.conf = conf

    def show(self, req, id):
        policy.authorize(req.context, P.QUOTA_SHOW, {'project_id': id})
        usage = 'usage' in req.GET and query.boolean('usage', req.GET['usage'])
        values = quota.get_detail(id) if usage else quota.get_project_quotas(id)
        return {'quota_set': dict(values, id=id)}

    def defaults(self, req, id):
        policy.authorize(req.context, P.QUOTA_SHOW, {'project_id': id})
        return {'quota_set': dict(quota.get_defaults(), id=id)}

    def update(self, req, id, body):
        policy.authorize(req.context, P.QUOTA_UPDATE, {'project_id': id})
        validation.validate(_update, body)
        if not id or len(id) > 255:
            raise exception.Invalid('quota_set_name has a minimum character requirement of '
                                    '1 and a maximum of 255.')
        values = _values(body['quota_set'], quota.resources(), 'quota set')
        usage = quota.get_usages(id)
        for key, value in values.items():
            used = usage.get(key, 0)
            if key != 'per_volume_gigabytes' and value != -1 and value < used:
                raise exception.Invalid(
                    'Quota %s limit must be equal or greater than existing resources. '
                    'Current usage is %s and the requested limit is %s.' % (key, used, value))
        quota.update_quotas(id, values)
        return {'quota_set': quota.get_project_quotas(id)}

    def delete(self, req, id):
        policy.authorize(req.context, P.QUOTA_DELETE, {'project_id': id})
        quota.delete_quotas(id)
        return wsgi.ResponseObject(None, status=200)


class QuotaClassSetsController:

    def __init__(self, conf):
        self.conf = conf

    def show(self, req, id):
        policy.authorize(req.context, P.QUOTA_CLASS_GET)
        return {'quota_class_set': dict(quota.get_class_quotas(id), id=id)}

    def update(self, req, id, body):
        policy.authorize(req.context, P.QUOTA_CLASS_UPDATE)
        validation.validate(_update_class, body)
        if not id or len(id) > 255:
            raise exception.Invalid('quota_class_name has a minimum character requirement '
                                    'of 1 and a maximum of 255.')
        known = quota.resources()
        bad = [k for k in body['quota_class_set'] if k not in known]
        if bad:
            raise exception.InvalidInput(reason='Bad key(s) in quota class set: %s'
                                                % ', '.join(bad))
        quota.update_class(id, _values(body['quota_class_set'], known, 'quota class set'))
        return {'quota_class_set': quota.get_class_quotas(id)}
