"""GET /limits of the block-storage service: the project's absolute limits and what it
uses of them (Cinder's limits + used_limits); from 3.39 an admin may ask for another
project's (``?project_id=``). No rate limits are served."""
from novalite import policy
from novalite.api.volume import microversion as mv
from novalite.policies import volume_extras as P
from novalite.volume import quota

ABSOLUTE = (('volumes', 'maxTotalVolumes'), ('snapshots', 'maxTotalSnapshots'),
            ('gigabytes', 'maxTotalVolumeGigabytes'), ('backups', 'maxTotalBackups'),
            ('backup_gigabytes', 'maxTotalBackupGigabytes'))
USED = (('volumes', 'totalVolumesUsed'), ('gigabytes', 'totalGigabytesUsed'),
        ('snapshots', 'totalSnapshotsUsed'), ('backups', 'totalBackupsUsed'),
        ('backup_gigabytes', 'totalBackupGigabytesUsed'))


class LimitsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        project_id = ctx.project_id
        if req.api_version >= mv.LIMITS_ADMIN_FILTER and ctx.is_admin:
            project_id = req.GET.get('project_id') or project_id
        limits = quota.get_project_quotas(project_id, list(quota.RESOURCES))
        absolute = {name: limits[key] for key, name in ABSOLUTE}
        if policy.authorize(ctx, P.LIMITS, {'project_id': project_id}, fatal=False):
            usage = quota.get_usages(project_id)
            absolute.update({name: usage[key] for key, name in USED})
        return {'limits': {'rate': [], 'absolute': absolute}}
