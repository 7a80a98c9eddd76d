"""Block Storage API microversions (``OpenStack-API-Version: volume 3.x``): the ordered list,
one line per version, and named gates.

Controllers and views compare ``req.api_version`` with a gate, e.g.
``if req.api_version >= microversion.VOLUME_TYPE_ID:``; never with a bare tuple. The compute
gates live in novalite/api/microversion.py; the version class is shared.
"""
from novalite import exception
from novalite.api.microversion import APIVersion

# (version, what changed): Cinder's REST API version history up to its maximum (3.71, since
# 2023.2 Bobcat and still the maximum in 2025.1 Epoxy). Versions about resources novalite does
# not serve (messages, groups, backups, clusters, manageable volumes, ...) say so.
VERSIONS = [
    ('3.0', 'All v2 APIs; the versions API shows 3.0 and later.'),
    ('3.1', 'visibility and protected in os-volume_upload_image.'),
    ('3.2', 'bootable filter: only true/false values, else 400.'),
    ('3.3', 'User messages API (not served).'),
    ('3.4', 'glance_metadata filter in volume list/detail.'),
    ('3.5', 'Messages pagination (not served).'),
    ('3.6', 'Empty consistency group name/description (not served).'),
    ('3.7', 'Clusters API (not served).'),
    ('3.8', 'Manageable volumes and snapshots (not served).'),
    ('3.9', 'Backup update (not served).'),
    ('3.10', 'group_id filter in volume list/detail.'),
    ('3.11', 'Group types (not served).'),
    ('3.12', 'GET /volumes/summary.'),
    ('3.13', 'Generic volume groups (not served); group_id in volume views.'),
    ('3.14', 'Group snapshots (not served).'),
    ('3.15', 'Etag on volume metadata (lost update).'),
    ('3.16', 'Migrate volume to a cluster (not served).'),
    ('3.17', 'Manageable resources by cluster (not served).'),
    ('3.18', 'Backup project attribute (not served).'),
    ('3.19', 'Group snapshot reset_status (not served).'),
    ('3.20', 'Group reset_status (not served).'),
    ('3.21', 'provider_id in volume detail (admin).'),
    ('3.22', 'Snapshot list metadata filter.'),
    ('3.23', 'force on volume delete.'),
    ('3.24', 'Workers cleanup (not served).'),
    ('3.25', 'volumes in group views (not served).'),
    ('3.26', 'Failover and cluster filters (not served).'),
    ('3.27', 'Attachments API.'),
    ('3.28', 'get_pools filters (not served).'),
    ('3.29', 'Group snapshot filters (not served).'),
    ('3.30', 'Snapshot sort by name.'),
    ('3.31', 'Configurable resource query filters.'),
    ('3.32', 'Service log levels (not served).'),
    ('3.33', 'GET /resource_filters.'),
    ('3.34', 'like filters (name~) in list APIs.'),
    ('3.35', 'volume-type filter on pools (not served).'),
    ('3.36', 'metadata in the volumes summary.'),
    ('3.37', 'Backup sort by name (not served).'),
    ('3.38', 'Replication groups (not served).'),
    ('3.39', 'project_id filter on limits (admin).'),
    ('3.40', 'Revert a volume to its latest snapshot.'),
    ('3.41', 'user_id in snapshot views.'),
    ('3.42', 'Extend an in-use volume.'),
    ('3.43', 'Backup metadata (not served).'),
    ('3.44', 'Attachment os-complete action.'),
    ('3.45', 'count in volume and snapshot lists (with_count).'),
    ('3.46', 'Volume from a Nova zero-size image.'),
    ('3.47', 'Volume from a backup (not served).'),
    ('3.48', 'shared_targets and service_uuid in volume views.'),
    ('3.49', 'Backend state in the service list.'),
    ('3.50', 'Multiattach capability.'),
    ('3.51', 'Cross-AZ backups (not served).'),
    ('3.52', 'RESKEY:availability_zones spec; type list filter by extra_specs.'),
    ('3.53', 'Strict JSON Schema validation of volume create/update bodies.'),
    ('3.54', 'mode in attachment create.'),
    ('3.55', 'Transfer with snapshots (not served).'),
    ('3.56', 'user_id in backup views (not served).'),
    ('3.57', 'Transfer extras (not served).'),
    ('3.58', 'project_id in group views (not served).'),
    ('3.59', 'Transfer pagination (not served).'),
    ('3.60', 'created_at/updated_at comparison filters in volume lists.'),
    ('3.61', 'cluster_name in volume detail (admin).'),
    ('3.62', 'Default volume types API.'),
    ('3.63', 'volume_type_id in volume views.'),
    ('3.64', 'encryption_key_id in volume views.'),
    ('3.65', 'consumes_quota in volume and snapshot views and filters.'),
    ('3.66', 'Snapshots of in-use volumes without force.'),
    ('3.67', 'Project id optional in URLs (served either way at every version).'),
    ('3.68', 'os-reimage volume action.'),
    ('3.69', 'shared_targets may be null.'),
    ('3.70', 'Encrypted volume transfers (not served).'),
    ('3.71', 'os-extend_volume_completion volume action.'),
]

MIN_VERSION = VERSIONS[0][0]
MAX_VERSION = VERSIONS[-1][0]
MIN = APIVersion(MIN_VERSION)
MAX = APIVersion(MAX_VERSION)
# the "updated" date Cinder's versions document shows for 3.71
UPDATED = '2023-08-31T00:00:00Z'

# Named gates, in the order of VERSIONS (tests/unit/api/volume/test_microversion.py checks it).
BOOTABLE_FILTER_STRICT = APIVersion('3.2')    # bootable=<not a boolean> is a 400
GLANCE_METADATA_FILTER = APIVersion('3.4')    # glance_metadata filter in lists
CLUSTER = APIVersion('3.7')                   # cluster in os-services views
GROUP_ID_FILTER = APIVersion('3.10')          # group_id filter in lists
VOLUME_SUMMARY = APIVersion('3.12')           # GET /volumes/summary
GROUP_ID_IN_VIEW = APIVersion('3.13')         # group_id in volume views
GROUP_SNAPSHOTS = APIVersion('3.14')          # group_snapshot_id in snapshot views
PROVIDER_ID = APIVersion('3.21')              # provider_id in volume detail (admin)
SNAPSHOT_METADATA_FILTER = APIVersion('3.22')  # metadata filter in snapshot lists
DELETE_FORCE = APIVersion('3.23')             # force=true on DELETE /volumes/{id}
ATTACHMENTS = APIVersion('3.27')              # the attachments API
RESOURCE_FILTERS = APIVersion('3.33')         # GET /resource_filters
LIKE_FILTERS = APIVersion('3.34')             # name~=... filters
SUMMARY_METADATA = APIVersion('3.36')         # metadata in the volumes summary
LIMITS_ADMIN_FILTER = APIVersion('3.39')      # project_id filter of /limits (admin)
REVERT = APIVersion('3.40')                   # revert a volume to its latest snapshot
SNAPSHOT_USER_ID = APIVersion('3.41')         # user_id in snapshot views
EXTEND_IN_USE = APIVersion('3.42')            # os-extend of an in-use volume
ATTACHMENT_COMPLETE = APIVersion('3.44')      # POST /attachments/{id}/action os-complete
WITH_COUNT = APIVersion('3.45')               # with_count=true adds "count" to lists
SHARED_TARGETS = APIVersion('3.48')           # shared_targets, service_uuid in views
BACKEND_STATE = APIVersion('3.49')            # backend_state in cinder-volume services
MULTIATTACH = APIVersion('3.50')              # multiattach volume types
VOLUME_TYPE_FILTER = APIVersion('3.52')       # extra_specs filter in type lists
STRICT_SCHEMA = APIVersion('3.53')            # strict create/update bodies
ATTACHMENT_MODE = APIVersion('3.54')          # mode (rw/ro) at attachment create
TIME_COMPARISON_FILTERS = APIVersion('3.60')  # created_at=gt:... filters
CLUSTER_NAME = APIVersion('3.61')             # cluster_name in volume detail (admin)
DEFAULT_TYPES = APIVersion('3.62')            # /default-types (project default types)
VOLUME_TYPE_ID = APIVersion('3.63')           # volume_type_id in volume views
ENCRYPTION_KEY_ID = APIVersion('3.64')        # encryption_key_id in volume views
CONSUMES_QUOTA = APIVersion('3.65')           # consumes_quota in views and filters
SNAPSHOT_IN_USE = APIVersion('3.66')          # snapshots of in-use volumes; force=false 400
REIMAGE = APIVersion('3.68')                  # os-reimage action
SHARED_TARGETS_NULL = APIVersion('3.69')      # shared_targets may be null
EXTEND_COMPLETION = APIVersion('3.71')        # os-extend_volume_completion action

HEADER = 'OpenStack-API-Version'
SERVICE = 'volume'


def negotiate(headers):
    """The APIVersion a block-storage request asks for (Cinder's set_api_version_request):
    3.0 without the header; 400 for a header without a volume version or a malformed one,
    406 outside 3.0..3.71."""
    value = headers.get(HEADER)
    if value is None:
        return MIN
    requested = None
    for item in value.split(','):
        parts = item.split()
        if len(parts) == 2 and parts[0].lower() == SERVICE:
            requested = parts[1]
            break
    if not requested:
        raise exception.Invalid('API version %s is not supported on this method.'
                                % requested)
    if requested.lower() == 'latest':
        return MAX
    version = APIVersion(requested)
    if not MIN <= version <= MAX:
        raise exception.VersionNotAcceptable(version=version, min=MIN, max=MAX)
    return version


def response_headers(version):
    return [(HEADER, '%s %s' % (SERVICE, version)), ('Vary', HEADER)]
