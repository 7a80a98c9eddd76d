"""GET /extensions: the legacy v2 extension list, naming the extensions novalite serves
(Nova's v2.1 extension_info answers the same shape)."""
from novalite import exception
from novalite import policy

POLICY = 'os_compute_api:extensions'
_NAMESPACE = 'http://docs.openstack.org/compute/ext/fake_xml'
_UPDATED = '2014-12-03T00:00:00Z'

# (alias, name, description)
EXTENSIONS = [
    ('os-access-ips', 'AccessIPs', 'Access IPs support.'),
    ('os-admin-actions', 'AdminActions', 'Enable admin-only server actions.'),
    ('os-aggregates', 'Aggregates', 'Admin-only aggregate administration.'),
    ('os-availability-zone', 'AvailabilityZone', '1. Add availability_zone to the Create '
     'Server API. 2. Add availability zones describing.'),
    ('os-config-drive', 'ConfigDrive', 'Config Drive Extension.'),
    ('os-create-backup', 'CreateBackup', 'Create a backup of a server.'),
    ('os-deferred-delete', 'DeferredDelete', 'Instance deferred delete.'),
    ('OS-EXT-AZ', 'ExtendedAvailabilityZone', 'Extended Availability Zone support.'),
    ('OS-EXT-SRV-ATTR', 'ExtendedServerAttributes', 'Extended Server Attributes support.'),
    ('OS-EXT-STS', 'ExtendedStatus', 'Extended Status support.'),
    ('os-extended-volumes', 'ExtendedVolumes', 'Extended Volumes support.'),
    ('OS-FLV-DISABLED', 'FlavorDisabled', 'Support to show the disabled status of a '
     'flavor.'),
    ('os-flavor-access', 'FlavorAccess', 'Flavor access support.'),
    ('OS-FLV-EXT-DATA', 'FlavorExtraData', 'Provide additional data for flavors.'),
    ('os-flavor-extra-specs', 'FlavorExtraSpecs', 'Flavors extra specs support.'),
    ('os-flavor-manage', 'FlavorManage', 'Flavor create/delete API support.'),
    ('os-flavor-rxtx', 'FlavorRxtx', 'Support to show the rxtx status of a flavor.'),
    ('os-floating-ip-pools', 'FloatingIpPools', 'Floating IPs support.'),
    ('os-hypervisors', 'Hypervisors', 'Admin-only hypervisor administration.'),
    ('os-instance-actions', 'InstanceActions', 'View a log of actions and events taken on '
     'an instance.'),
    ('os-instance-usage-audit-log', 'OSInstanceUsageAuditLog', 'Admin-only Task Log '
     'Monitoring.'),
    ('os-keypairs', 'Keypairs', 'Keypair Support.'),
    ('os-lock-server', 'LockServer', 'Enable lock/unlock server actions.'),
    ('os-multiple-create', 'MultipleCreate', 'Allow multiple create in the Create Server '
     'v2.1 API.'),
    ('os-networks', 'Networks', 'Admin-only Network Management Extension.'),
    ('os-pause-server', 'PauseServer', 'Enable pause/unpause server actions.'),
    ('os-quota-class-sets', 'QuotaClasses', 'Quota classes management support.'),
    ('os-quota-sets', 'Quotas', 'Quotas management support.'),
    ('os-rescue', 'Rescue', 'Instance rescue mode.'),
    ('os-scheduler-hints', 'SchedulerHints', 'Pass arbitrary key/value pairs to the '
     'scheduler.'),
    ('os-security-groups', 'SecurityGroups', 'Security group support.'),
    ('os-server-external-events', 'ServerExternalEvents', 'Server External Event Triggers.'),
    ('os-server-groups', 'ServerGroups', 'Server group support.'),
    ('os-services', 'Services', 'Services support.'),
    ('os-shelve', 'Shelve', 'Instance shelve mode.'),
    ('os-simple-tenant-usage', 'SimpleTenantUsage', 'Simple tenant usage extension.'),
    ('os-suspend-server', 'SuspendServer', 'Enable suspend/resume server actions.'),
    ('os-tenant-networks', 'OSTenantNetworks', 'Tenant-based Network Management Extension.'),
    ('OS-SRV-USG', 'ServerUsage', 'Adds launched_at and terminated_at on Servers.'),
]


def _view(alias, name, description):
    return {'alias': alias, 'name': name, 'description': description, 'links': [],
            'namespace': _NAMESPACE, 'updated': _UPDATED}


class ExtensionsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        policy.authorize(req.context, POLICY, {})
        return {'extensions': [_view(*e) for e in sorted(EXTENSIONS)]}

    def show(self, req, id):
        policy.authorize(req.context, POLICY, {})
        for ext in EXTENSIONS:
            if ext[0] == id:
                return {'extension': _view(*ext)}
        raise exception.NotFound('The resource could not be found.')
