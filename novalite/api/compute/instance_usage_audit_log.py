"""os-instance_usage_audit_log (admin): the instance usage audit of the last completed
month, per compute host (Nova's task logs). novalite's compute hosts run no
instance_usage_audit task (Nova's ``instance_usage_audit`` is off by default too), so every
compute host shows as not run."""
import datetime

from novalite import exception
from novalite import policy
from novalite import timeutils
from novalite.compute import hosts as host_api

POLICY = 'os_compute_api:os-instance-usage-audit-log:%s'
_FORMATS = ('%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M:%S')


def last_completed_month(before=None):
    """(begin, end) of the last month completed before ``before`` (Nova's
    last_completed_audit_period with the default unit 'month')."""
    before = before or timeutils.utcnow()
    end = datetime.datetime(before.year, before.month, 1)
    begin = (datetime.datetime(end.year - 1, 12, 1) if end.month == 1
             else datetime.datetime(end.year, end.month - 1, 1))
    return begin, end


def audit_log(before=None):
    begin, end = last_completed_month(before)
    hosts = sorted({s['host'] for s in host_api.services('nova-compute')})
    done = 0
    return {'period_beginning': str(begin), 'period_ending': str(end),
            'num_hosts': len(hosts), 'num_hosts_done': done, 'num_hosts_running': 0,
            'num_hosts_not_run': len(hosts), 'hosts_not_run': hosts,
            'total_instances': 0, 'total_errors': 0,
            'overall_status': '%s hosts done. 0 errors.' % (
                'ALL' if done == len(hosts) else '%d of %d' % (done, len(hosts))),
            'log': {}}


class InstanceUsageAuditLogController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        policy.authorize(req.context, POLICY % 'list', {})
        return {'instance_usage_audit_logs': audit_log()}

    def show(self, req, id):
        policy.authorize(req.context, POLICY % 'show', {})
        for fmt in _FORMATS:
            try:
                before = datetime.datetime.strptime(id, fmt)
                break
            except ValueError:
                continue
        else:
            raise exception.Invalid('Invalid timestamp for date %s' % id)
        return {'instance_usage_audit_log': audit_log(before)}
