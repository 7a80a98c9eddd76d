"""os-flavor-access: the projects that may use a private flavor.

GET /flavors/{flavor_id}/os-flavor-access lists them; POST /flavors/{id}/action with
addTenantAccess or removeTenantAccess changes them. The project is checked with the identity
service over REST (with the caller's token), leniently, as Nova does.
"""
import logging

import requests

from novalite import exception
from novalite import policy
from novalite import service_client
from novalite.api import validation
from novalite.api import microversion as mv
from novalite.api.compute.schemas import flavor_access as schemas
from novalite.conf import api as api_conf
from novalite.compute import flavors as flavor_api

LOG = logging.getLogger(__name__)
BASE_POLICY = 'os_compute_api:os-flavor-access'


def _marshall(flavorid, projects):
    return {'flavor_access': [{'flavor_id': flavorid, 'tenant_id': p} for p in projects]}


class FlavorAccessController:

    def __init__(self, conf):
        self.conf = conf
        self.actions = {'addTenantAccess': self._add_tenant_access,
                        'removeTenantAccess': self._remove_tenant_access}

    def index(self, req, flavor_id):
        policy.authorize(req.context, BASE_POLICY, _target(req))
        flavor = flavor_api.get(flavor_id, req.context)
        if flavor['is_public']:
            raise exception.NotFound('Access list not available for public flavors.')
        return _marshall(flavor['flavorid'], flavor_api.projects(flavor_id))

    def action(self, req, id, body):
        """Dispatch POST /flavors/{id}/action on the single key of the body."""
        if not isinstance(body, dict) or len(body) != 1:
            raise exception.MalformedRequestBody(reason='too many body keys')
        name = next(iter(body))
        if name not in self.actions:
            raise exception.Invalid('There is no such action: %s' % name)
        return self.actions[name](req, id, body)

    def _add_tenant_access(self, req, id, body):
        policy.authorize(req.context, BASE_POLICY + ':add_tenant_access', _target(req))
        validation.validate(schemas.add_tenant_access, body)
        tenant = body['addTenantAccess']['tenant']
        self._verify_project(req, tenant)
        flavor = flavor_api.get(id, req.context)
        if flavor['is_public'] and req.api_version >= mv.FLAVOR_ACCESS_PUBLIC_CHECK:
            raise exception.Conflict('Can not add access to a public flavor.')
        flavor_api.add_project(id, tenant)
        return _marshall(flavor['flavorid'], flavor_api.projects(id))

    def _remove_tenant_access(self, req, id, body):
        policy.authorize(req.context, BASE_POLICY + ':remove_tenant_access', _target(req))
        validation.validate(schemas.remove_tenant_access, body)
        tenant = body['removeTenantAccess']['tenant']
        self._verify_project(req, tenant)
        flavor = flavor_api.get(id, req.context)
        flavor_api.remove_project(id, tenant)
        return _marshall(flavor['flavorid'], flavor_api.projects(id))

    def _verify_project(self, req, project_id):
        """400 only when identity says the project does not exist (Nova's leniency:
        any other answer, or none, lets the request through)."""
        token = req.context.auth_token
        if not token:
            return
        url = (self.conf.service_user.auth_url
               or api_conf.public_url(self.conf) + '/identity/v3').rstrip('/')
        try:
            resp = service_client.http().get(url + service_client.path('/projects/%s', project_id),
                                             headers={'X-Auth-Token': token}, timeout=10)
        except requests.RequestException as exc:
            LOG.info('Unable to contact identity to verify project %s: %s', project_id, exc)
            return
        if resp.status_code == 404:
            raise exception.Invalid('Project ID %s is not a valid project.' % project_id)


def _target(req):
    return {'project_id': req.context.project_id, 'user_id': req.context.user_id}
