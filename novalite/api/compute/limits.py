"""GET /limits: the project's absolute limits and its usage.

Read-only; limits and usage come from novalite/quota.py, the same source the quota-set API
shows and server create enforces.
"""
from novalite import policy
from novalite import quota
from novalite.api.compute.views import limits as views
from novalite.api import validation
from novalite.api import microversion as mv
from novalite.api.compute.schemas import queries

BASE_POLICY = 'os_compute_api:limits'
OTHER_PROJECT_POLICY = 'os_compute_api:limits:other_project'

# Nova's [quota] defaults (kept for importers; the live values come from novalite.quota)
DEFAULTS = quota.DEFAULTS


class LimitsController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query(queries.LIMITS, strict_from=mv.API_CLEANUP)
    def index(self, req):
        ctx = req.context
        policy.authorize(ctx, BASE_POLICY, {})
        project_id = ctx.project_id
        if 'tenant_id' in req.GET:
            project_id = req.GET.get('tenant_id')
            policy.authorize(ctx, OTHER_PROJECT_POLICY, {'project_id': project_id})
        return views.build(req, quota.get_detail(project_id, conf=self.conf))
