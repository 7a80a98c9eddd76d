"""Compute API microversions: the ordered list, one line per version, and named gates.

Controllers and views compare ``req.api_version`` with a gate, e.g.
``if req.api_version >= microversion.FLAVOR_EMBEDDED:``; never with a bare tuple.
"""
import functools
import re

from novalite import exception

# (version, what changed). Only versions whose behaviour is implemented for the resources
# novalite serves are listed; the last one is what GET /compute/v2.1 advertises.
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
    ('2.20', 'Volume attach on shelved servers (no create/show change).'),
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
    ('2.43', 'os-hosts deprecated (no server API change).'),
    ('2.44', 'Network proxy actions deprecated (no server API change).'),
    ('2.45', 'createImage returns image_id in the body (no create/show change).'),
    ('2.46', 'Request id of the action in migration responses (no server API change).'),
    ('2.47', 'Flavor embedded in server views instead of id and links.'),
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

# Named gates.
KEYPAIR_TYPE = APIVersion('2.2')             # keypair type; create 201, delete 204
EXTENDED_ATTRS_MORE = APIVersion('2.3')    # more OS-EXT-SRV-ATTR fields
FLAVOR_ACCESS_PUBLIC_CHECK = APIVersion('2.7')  # adding access to a public flavor is 409
LOCKED_IN_VIEW = APIVersion('2.9')
KEYPAIR_USER_ID = APIVersion('2.10')         # admins name another user's key pairs
SERVICE_FORCED_DOWN = APIVersion('2.11')     # forced_down in os-services, PUT force-down
SERVER_GROUP_IDS = APIVersion('2.13')     # project_id and user_id in server group views
SOFT_AFFINITY = APIVersion('2.15')        # soft-affinity and soft-anti-affinity policies
HOST_STATUS = APIVersion('2.16')
TRIGGER_CRASH_DUMP = APIVersion('2.17')
DESCRIPTION = APIVersion('2.19')
TAGS_IN_VIEW = APIVersion('2.26')
SERVER_TAGS = APIVersion('2.26')            # /servers/{id}/tags and the tag list filters
HYPERVISOR_CPU_INFO_DICT = APIVersion('2.28')  # cpu_info as an object, not a string
DEVICE_TAGS = APIVersion('2.32')
HYPERVISOR_PAGINATION = APIVersion('2.33')   # limit/marker and hypervisors_links
KEYPAIR_PAGINATION = APIVersion('2.35')      # limit/marker and keypairs_links
LIMITS_NO_PROXY_QUOTAS = APIVersion('2.36')  # floating IP and security group limits gone
NETWORKS_REQUIRED = APIVersion('2.37')
STRICT_STATUS_FILTER = APIVersion('2.38')
LIMITS_NO_IMAGE_META = APIVersion('2.39')    # maxImageMeta gone
DEVICE_TAGS_RESTORED = APIVersion('2.42')
FLAVOR_EMBEDDED = APIVersion('2.47')
# Above the advertised maximum: ready, unreachable until VERSIONS grows past them.
FLAVOR_DESCRIPTION = APIVersion('2.55')      # flavor description; PUT /flavors/{id}

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
