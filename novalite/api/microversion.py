"""Compute API microversions: the ordered list, one line per version, and named gates.

Controllers and views compare ``req.api_version`` with a gate, e.g.
``if req.api_version >= microversion.FLAVOR_EMBEDDED:``; never with a bare tuple.
"""
import functools
import re

from novalite import exception

# (version, what changed): every Nova microversion up to the newest (2.104, Nova 2026.2);
# the last one is what GET /compute/v2.1 advertises and what "latest" means.
# Versions about resources novalite does not serve (volumes, consoles, cells, shares) say
# so and change nothing here.
VERSIONS = [
    ('2.1', 'Base v2.1 API.'),
    ('2.2', 'Keypair type in keypair views and create.'),
    ('2.3', 'OS-EXT-SRV-ATTR reservation_id, launch_index, hostname, kernel_id, ramdisk_id, '
            'root_device_name, user_data in server views (admin).'),
    ('2.4', 'Reserved flag in fixed IPs (no server API change).'),
    ('2.5', 'ip6 filter for admins in server list.'),
    ('2.6', 'Remote consoles API (not served; no server API change).'),
    ('2.7', 'Check the flavor is public when adding access (no server API change).'),
    ('2.8', 'MKS console type (no server API change).'),
    ('2.9', '"locked" in server views.'),
    ('2.10', 'Keypairs of other users for admins.'),
    ('2.11', 'Forced down in os-services (no server API change).'),
    ('2.12', 'VIF net_id in os-virtual-interfaces (no server API change).'),
    ('2.13', 'Server group views gain project and user ids (no server API change).'),
    ('2.14', 'onSharedStorage removed from evacuate (no server API change).'),
    ('2.15', 'soft-affinity policies (no server API change).'),
    ('2.16', 'host_status in server views.'),
    ('2.17', 'trigger_crash_dump action (no create/show change).'),
    ('2.18', 'Project id optional in URLs.'),
    ('2.19', 'Server description in create, update, rebuild and views.'),
    ('2.20', 'Volume attach and detach on shelved servers.'),
    ('2.21', 'Deleted instance actions (no create/show change).'),
    ('2.22', 'Force live migration (no create/show change).'),
    ('2.23', 'Migration list extras (no create/show change).'),
    ('2.24', 'Abort live migration (no create/show change).'),
    ('2.25', 'Live migration block_migration auto (no create/show change).'),
    ('2.26', 'Server tags in views and tag filters.'),
    ('2.27', 'OpenStack-API-Version header.'),
    ('2.28', 'cpu_info as a dictionary in hypervisors (no server API change).'),
    ('2.29', 'Force evacuate (no create/show change).'),
    ('2.30', 'Force live migration to a host (no create/show change).'),
    ('2.31', 'Serial console URL fix (no server API change).'),
    ('2.32', 'Device tags on networks and block devices in create.'),
    ('2.33', 'Hypervisor pagination (no server API change).'),
    ('2.34', 'Async live migration checks (no server API change).'),
    ('2.35', 'Keypair pagination.'),
    ('2.36', 'Proxy APIs deprecated (no server API change here).'),
    ('2.37', 'networks is required in create and accepts "auto" and "none".'),
    ('2.38', 'Invalid status filter returns 400.'),
    ('2.39', 'Image metadata quota removed from limits (no server API change).'),
    ('2.40', 'Simple tenant usage pagination (no server API change).'),
    ('2.41', 'Aggregate uuid (no server API change).'),
    ('2.42', 'Device tags restored in create.'),
    ('2.43', 'os-hosts removed (404); use os-hypervisors and os-services.'),
    ('2.44', 'addFloatingIp, removeFloatingIp (and the other network proxy actions) answer 404.'),
    ('2.45', 'createImage returns image_id in the body (no create/show change).'),
    ('2.46', 'Request id of the action in migration responses (no server API change).'),
    ('2.47', 'Flavor embedded in server views instead of id and links.'),
    ('2.48', 'Standardized server diagnostics format.'),
    ('2.49', 'Device tag when attaching an interface (os-interface).'),
    ('2.50', 'server_groups quotas in os-quota-class-sets; network quotas gone there.'),
    ('2.51', 'volume-extended external event; action events for non-admins (no traceback).'),
    ('2.52', 'Server tags at create.'),
    ('2.53', 'Service and hypervisor ids are uuids (os-services, os-hypervisors).'),
    ('2.54', 'Rebuild sets or unsets key_name.'),
    ('2.55', 'Flavor description in views, create, and PUT /flavors/{id}.'),
    ('2.56', 'Migrate to a host.'),
    ('2.57', 'personality removed from create/rebuild; user_data in rebuild; personality '
             'limits and quotas gone.'),
    ('2.58', 'Instance actions: limit/marker, changes-since, updated_at.'),
    ('2.59', 'Migrations: limit/marker, changes-since, uuid.'),
    ('2.60', 'Multiattach volumes may be attached.'),
    ('2.61', 'Flavor extra_specs in flavor views.'),
    ('2.62', 'host and hostId in instance action events.'),
    ('2.63', 'trusted_image_certificates in create, rebuild and server views.'),
    ('2.64', 'Server group policy (one string) and rules replace policies.'),
    ('2.65', 'Abort a queued live migration (no server API change).'),
    ('2.66', 'changes-before filter (servers, instance actions, migrations).'),
    ('2.67', 'volume_type in block_device_mapping_v2 at create.'),
    ('2.68', 'force removed from live migrate and evacuate.'),
    ('2.69', 'Partial results from down cells (one cell here: no change).'),
    ('2.70', 'Device tag in os-interface and volume attachment views.'),
    ('2.71', 'server_groups in server show, update and rebuild.'),
    ('2.72', 'Ports with resource requests at create (no server API change).'),
    ('2.73', 'Lock with a reason; locked_reason in views; locked filter.'),
    ('2.74', 'host and hypervisor_hostname at create (admin).'),
    ('2.75', 'Update and rebuild answer with the full server view; strict list query '
             'parameters; flavor swap 0 not "".'),
    ('2.76', 'power-update external event.'),
    ('2.77', 'Unshelve to an availability zone.'),
    ('2.78', 'GET /servers/{id}/topology.'),
    ('2.79', 'delete_on_termination in volume attachments.'),
    ('2.80', 'Migrations filtered by user_id/project_id.'),
    ('2.81', 'Image cache precaching on aggregates.'),
    ('2.82', 'accelerator-request-bound external event.'),
    ('2.83', 'More server list filters for non-admins.'),
    ('2.84', 'details in instance action events.'),
    ('2.85', 'Update a volume attachment\'s delete_on_termination.'),
    ('2.86', 'Flavor extra spec validation.'),
    ('2.87', 'Stable device rescue for volume-backed servers.'),
    ('2.88', 'Hypervisor statistics and resource fields removed.'),
    ('2.89', 'attachment_id and bdm_uuid in volume attachments.'),
    ('2.90', 'hostname in create, update and rebuild; OS-EXT-SRV-ATTR:hostname for all.'),
    ('2.91', 'Unshelve to a host (admin).'),
    ('2.92', 'Key pair import only: public_key required.'),
    ('2.93', 'Rebuild volume-backed servers.'),
    ('2.94', 'hostname may be a fully qualified domain name.'),
    ('2.95', 'Evacuate leaves the server stopped.'),
    ('2.96', 'pinned_availability_zone in server views.'),
    ('2.97', 'Server shares (virtiofs; not served here).'),
    ('2.98', 'Image properties in the server\'s embedded image.'),
    ('2.99', 'spice-direct console type.'),
    ('2.100', 'scheduler_hints in server views.'),
    ('2.101', 'os-volume_attachments POST: 202 without a body, attach completes '
              'asynchronously.'),
    ('2.102', 'Flavor name filter; rxtx_factor and OS-FLV-DISABLED:disabled gone from flavor '
              'views, create and filters; every API refuses unknown query parameters.'),
    ('2.103', '/os-volumes_boot (old alias of /servers) answers 404.'),
    ('2.104', 'PUT /servers/{id} unpins (null) or re-pins pinned_availability_zone.'),
]

MIN_VERSION = VERSIONS[0][0]
MAX_VERSION = VERSIONS[-1][0]

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


@functools.total_ordering
class APIVersion:
    __slots__ = ('major', 'minor')

    def __init__(self, version_string):
        m = _VERSION_RE.match(str(version_string).strip())
        if not m:
            raise exception.InvalidAPIVersionString(version=version_string)
        self.major, self.minor = int(m.group(1)), int(m.group(2))

    def _key(self):
        return (self.major, self.minor)

    def __eq__(self, other):
        if not isinstance(other, (APIVersion, str)):
            return NotImplemented
        return self._key() == _as_version(other)._key()

    def __lt__(self, other):
        return self._key() < _as_version(other)._key()

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return '%d.%d' % (self.major, self.minor)

    __repr__ = __str__


def _as_version(value):
    return value if isinstance(value, APIVersion) else APIVersion(value)


MIN = APIVersion(MIN_VERSION)
MAX = APIVersion(MAX_VERSION)

# Named gates, in the order of VERSIONS: one name per version that changes something here, with
# what it gates in novalite (a version that bundles two changes has one name for both; the
# comment says both). tests/unit/api/test_microversion.py checks the order and that each
# version has at most one name.
KEYPAIR_TYPE = APIVersion('2.2')               # keypair type; create 201, delete 204
EXTENDED_ATTRS_MORE = APIVersion('2.3')        # more OS-EXT-SRV-ATTR fields
FLAVOR_ACCESS_PUBLIC_CHECK = APIVersion('2.7')  # adding access to a public flavor is 409
LOCKED_IN_VIEW = APIVersion('2.9')             # "locked" in server views
KEYPAIR_USER_ID = APIVersion('2.10')           # admins name another user's key pairs
SERVICE_FORCED_DOWN = APIVersion('2.11')       # forced_down in os-services, PUT force-down
SERVER_GROUP_IDS = APIVersion('2.13')          # project_id and user_id in server group views
EVACUATE_NO_SHARED_STORAGE = APIVersion('2.14')  # onSharedStorage gone; no adminPass answer
SOFT_AFFINITY = APIVersion('2.15')             # soft-affinity and soft-anti-affinity policies
HOST_STATUS = APIVersion('2.16')               # host_status in server views
TRIGGER_CRASH_DUMP = APIVersion('2.17')        # the trigger_crash_dump action
DESCRIPTION = APIVersion('2.19')               # server description
VOLUME_SHELVED = APIVersion('2.20')            # volume attach/detach on shelved servers
DELETED_INSTANCE_ACTIONS = APIVersion('2.21')  # actions of a deleted server still shown
MIGRATIONS_TYPE = APIVersion('2.23')           # migration_type (+ links); servers/{id}/migrations
SERVER_TAGS = APIVersion('2.26')               # tags in views, /servers/{id}/tags, tag filters
HYPERVISOR_CPU_INFO_DICT = APIVersion('2.28')  # cpu_info as an object, not a string
EVACUATE_FORCE = APIVersion('2.29')            # evacuate force (skip the scheduler)
DEVICE_TAGS = APIVersion('2.32')               # device tags on networks and bdms at create
HYPERVISOR_PAGINATION = APIVersion('2.33')     # limit/marker and hypervisors_links
KEYPAIR_PAGINATION = APIVersion('2.35')        # limit/marker and keypairs_links
PROXY_APIS_REMOVED = APIVersion('2.36')        # /images, /os-networks, ... answer 404; their
#                                                floating IP / security group limits and quotas go
NETWORKS_REQUIRED = APIVersion('2.37')         # networks required at create; "auto", "none"
STRICT_STATUS_FILTER = APIVersion('2.38')      # an invalid status filter is a 400
LIMITS_NO_IMAGE_META = APIVersion('2.39')      # maxImageMeta gone
TENANT_USAGE_PAGINATION = APIVersion('2.40')   # limit/marker and tenant_usages_links
AGGREGATE_UUID = APIVersion('2.41')            # uuid in aggregate views
DEVICE_TAGS_RESTORED = APIVersion('2.42')      # device tags at create again
HOSTS_REMOVED = APIVersion('2.43')             # os-hosts answers 404 (os-hypervisors/services)
NETWORK_ACTIONS_REMOVED = APIVersion('2.44')   # addFloatingIp, removeFloatingIp answer 404
IMAGE_ID_IN_BODY = APIVersion('2.45')          # createImage/createBackup: body, no Location
FLAVOR_EMBEDDED = APIVersion('2.47')           # the flavor embedded in server views
DIAGNOSTICS_STANDARD = APIVersion('2.48')      # standardized diagnostics
INTERFACE_TAG = APIVersion('2.49')             # os-interface and volume attach take a tag
QUOTA_CLASS_SERVER_GROUPS = APIVersion('2.50')  # quota classes: server groups, no proxies
EVENT_VOLUME_EXTENDED = APIVersion('2.51')     # volume-extended external event; action
#                                                events shown to non-admins (no traceback)
TAGS_AT_CREATE = APIVersion('2.52')            # server tags at create
SERVICE_HYPERVISOR_UUIDS = APIVersion('2.53')  # uuid ids; PUT /os-services/{uuid}; no
#                                                hypervisor search/servers routes
REBUILD_KEY_NAME = APIVersion('2.54')          # rebuild sets or unsets key_name
FLAVOR_DESCRIPTION = APIVersion('2.55')        # flavor description; PUT /flavors/{id}
MIGRATE_HOST = APIVersion('2.56')              # migrate to a given host
NO_PERSONALITY = APIVersion('2.57')            # personality gone (create, rebuild, limits,
#                                                quotas); user_data in rebuild
INSTANCE_ACTIONS_PAGINATION = APIVersion('2.58')  # limit/marker/changes-since, updated_at
MIGRATIONS_PAGINATION = APIVersion('2.59')     # uuid, limit/marker, changes-since, strict query
MULTIATTACH = APIVersion('2.60')               # multiattach volumes may be attached
FLAVOR_EXTRA_SPECS = APIVersion('2.61')        # extra_specs in flavor views
ACTION_EVENT_HOST = APIVersion('2.62')         # host/hostId in action events
TRUSTED_CERTS = APIVersion('2.63')             # trusted_image_certificates: create, rebuild, views
SERVER_GROUP_POLICY = APIVersion('2.64')       # policy + rules instead of policies
CHANGES_BEFORE = APIVersion('2.66')            # changes-before filters
BDM_VOLUME_TYPE = APIVersion('2.67')           # volume_type in block_device_mapping_v2
EVACUATE_NO_FORCE = APIVersion('2.68')         # evacuate force removed
INTERFACE_TAG_IN_VIEW = APIVersion('2.70')     # device tag in os-interface/volume views
SERVER_GROUPS_IN_VIEW = APIVersion('2.71')     # server_groups in server show/update/rebuild
LOCK_REASON = APIVersion('2.73')               # lock reason, locked_reason, locked filter
REQUESTED_DESTINATION = APIVersion('2.74')     # host/hypervisor_hostname at create
API_CLEANUP = APIVersion('2.75')               # full update/rebuild view, strict query, swap 0
EVENT_POWER_UPDATE = APIVersion('2.76')        # power-update external event
UNSHELVE_AZ = APIVersion('2.77')               # unshelve availability_zone (offloaded only)
TOPOLOGY = APIVersion('2.78')                  # GET /servers/{id}/topology
ATTACH_DELETE_ON_TERMINATION = APIVersion('2.79')  # delete_on_termination: attach, views
MIGRATIONS_USER_PROJECT = APIVersion('2.80')   # user_id/project_id filters and fields
AGGREGATE_IMAGES = APIVersion('2.81')          # POST /os-aggregates/{id}/images
EVENT_ACCELERATOR = APIVersion('2.82')         # accelerator-request-bound external event
MORE_USER_FILTERS = APIVersion('2.83')         # more server list filters for non-admins
ACTION_EVENT_DETAILS = APIVersion('2.84')      # details in instance action events
ATTACHMENT_UPDATE = APIVersion('2.85')         # PUT os-volume_attachments updates fields
HYPERVISOR_NO_STATS = APIVersion('2.88')       # statistics/uptime gone, fewer view fields
ATTACHMENT_IDS = APIVersion('2.89')            # attachment_id, bdm_uuid (no id) in attachments
HOSTNAME = APIVersion('2.90')                  # hostname at create/update/rebuild; shown to all
UNSHELVE_HOST = APIVersion('2.91')             # unshelve host (admin); availability_zone null
KEYPAIR_IMPORT_ONLY = APIVersion('2.92')       # key pair import only: public_key required
REBUILD_VOLUME_BACKED = APIVersion('2.93')     # rebuild re-images a boot volume; the
#                                                volume-reimaged external event
HOSTNAME_FQDN = APIVersion('2.94')             # hostname may be an FQDN (create, rebuild)
EVACUATE_STOPPED = APIVersion('2.95')          # an evacuated server ends stopped
PINNED_AZ = APIVersion('2.96')                 # pinned_availability_zone in server views
IMAGE_PROPERTIES = APIVersion('2.98')          # image properties in the embedded image
SCHEDULER_HINTS_IN_VIEW = APIVersion('2.100')  # scheduler_hints in server views
ATTACH_VOLUME_ASYNC = APIVersion('2.101')      # os-volume_attachments POST: 202 without a
#                                                body, attach completes asynchronously
STRICT_QUERY = APIVersion('2.102')             # unknown query parameters are a 400 everywhere;
#                                                flavors: name filter, no rxtx_factor/disabled
VOLUMES_BOOT_REMOVED = APIVersion('2.103')     # /os-volumes_boot answers 404
PIN_AZ_UPDATE = APIVersion('2.104')            # PUT /servers/{id} pinned_availability_zone


def negotiate(headers):
    """The APIVersion a request asks for, from its headers; raises 400/406."""
    requested = None
    value = headers.get('OpenStack-API-Version')
    if value:
        for item in value.split(','):
            parts = item.strip().split()
            if len(parts) == 2 and parts[0].lower() == 'compute':
                requested = parts[1]
                break
    if requested is None:
        requested = headers.get('X-OpenStack-Nova-API-Version')
    if not requested:
        return MIN
    if requested.strip().lower() == 'latest':
        return MAX
    version = APIVersion(requested)
    if not MIN <= version <= MAX:
        raise exception.VersionNotAcceptable(version=requested, min=MIN, max=MAX)
    return version


def response_headers(version):
    return [('OpenStack-API-Version', 'compute %s' % version),
            ('X-OpenStack-Nova-API-Version', str(version)),
            ('Vary', 'OpenStack-API-Version, X-OpenStack-Nova-API-Version')]
