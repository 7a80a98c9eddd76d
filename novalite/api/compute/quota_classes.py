"""os-quota-class-sets: show and update a quota class; the 'default' class sets the
defaults every project starts from (Nova's quota_classes controller)."""
from novalite import exception
from novalite import policy
from novalite import quota
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api.compute import quota_sets
from novalite.api.compute.schemas import quota_sets as schemas

POLICY = 'os_compute_api:os-quota-class-sets:%s'


def _hidden(req):
    # Below 2.50 quota classes show the network proxies but not the server group quotas;
    # from 2.50 the server group quotas and not the network proxies; from 2.57 not the
    # injected files either (as Nova does).
    if req.legacy_v2 or req.api_version < mv.QUOTA_CLASS_SERVER_GROUPS:
        return quota.SERVER_GROUP
    if req.api_version >= mv.NO_PERSONALITY:
        return quota.NETWORK_PROXY + quota_sets.INJECTED
    return quota.NETWORK_PROXY


def _schema(req):
    if req.legacy_v2:
        return schemas.class_update_v20
    if req.api_version >= mv.NO_PERSONALITY:
        return schemas.class_update_v257
    if req.api_version >= mv.QUOTA_CLASS_SERVER_GROUPS:
        return schemas.class_update_v250
    return schemas.class_update


class QuotaClassSetsController:

    def __init__(self, conf):
        self.conf = conf

    def show(self, req, id):
        policy.authorize(req.context, POLICY % 'show', {'quota_class': id})
        return quota_sets.format_set(req, 'quota_class_set',
                                     quota.get_class_quotas(id, self.conf), id, _hidden(req))

    def update(self, req, id, body):
        policy.authorize(req.context, POLICY % 'update', {'quota_class': id})
        if not 1 <= len(id) <= 255:
            raise exception.Invalid('quota_class_name has a minimum character requirement '
                                    'of 1 and a maximum of 255.')
        validation.validate(_schema(req), body)
        values = {k: int(v) for k, v in body['quota_class_set'].items()
                  if k in quota.RESOURCES and v != ''}
        if values:
            quota.update_class(id, values)
        return quota_sets.format_set(req, 'quota_class_set',
                                     quota.get_class_quotas(id, self.conf),
                                     hidden=_hidden(req))
