"""GET /limits: the project's absolute limits (Nova's quota defaults) and its usage.

Read-only: the limits are the [quota] options when a quota module registers them, else
Nova's defaults; usage is counted from the project's live instances.
"""
from novalite import policy
from novalite.api.compute.views import limits as views
from novalite.db import api as db_api

BASE_POLICY = 'os_compute_api:limits'
OTHER_PROJECT_POLICY = 'os_compute_api:limits:other_project'

# Nova's [quota] defaults
DEFAULTS = {
    'instances': 10, 'cores': 20, 'ram': 51200, 'key_pairs': 100, 'metadata_items': 128,
    'injected_files': 5, 'injected_file_content_bytes': 10240, 'floating_ips': 10,
    'security_groups': 10, 'security_group_rules': 20, 'server_groups': 10,
    'server_group_members': 10,
}


class LimitsController:

    def __init__(self, conf):
        self.conf = conf

    def _limit(self, resource):
        group = getattr(self.conf, 'quota', None)
        value = getattr(group, resource, None) if group is not None else None
        return DEFAULTS[resource] if value is None else value

    def index(self, req):
        ctx = req.context
        policy.authorize(ctx, BASE_POLICY, {})
        project_id = ctx.project_id
        if 'tenant_id' in req.GET:
            project_id = req.GET.get('tenant_id')
            policy.authorize(ctx, OTHER_PROJECT_POLICY, {'project_id': project_id})
        instances, cores, ram = db_api.instance_usage_by_project(project_id)
        in_use = {'instances': instances, 'cores': cores, 'ram': ram}
        quotas = {r: {'limit': self._limit(r), 'in_use': in_use.get(r, 0)} for r in DEFAULTS}
        return views.build(req, quotas)
