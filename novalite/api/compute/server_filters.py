"""GET /servers filters of microversions 2.66 -> 2.83: changes-before (2.66), locked
(2.73), strict query parameters (2.75: an unknown one is a 400) and the filters non-admins
may use from 2.83 (availability_zone, config_drive, key_name, created_at, launched_at,
terminated_at, power_state, task_state, vm_state, progress, user_id)."""
from novalite import exception
from novalite import timeutils
from novalite.api import microversion as mv
from novalite.api import validation

# Nova's servers list query schema (query_params_v21 + changes-before + locked)
KNOWN_PARAMS = frozenset((
    'user_id', 'project_id', 'tenant_id', 'launch_index', 'image_ref', 'image', 'kernel_id',
    'ramdisk_id', 'hostname', 'key_name', 'power_state', 'vm_state', 'task_state', 'host',
    'node', 'flavor', 'reservation_id', 'launched_at', 'terminated_at', 'availability_zone',
    'name', 'display_name', 'description', 'display_description', 'locked_by', 'uuid',
    'root_device_name', 'config_drive', 'access_ip_v4', 'access_ip_v6', 'auto_disk_config',
    'progress', 'sort_key', 'sort_dir', 'all_tenants', 'soft_deleted', 'deleted', 'status',
    'changes-since', 'ip', 'ip6', 'created_at', 'block_device_mapping', 'services',
    'metadata', 'system_metadata', 'info_cache', 'security_groups', 'pci_devices', 'tags',
    'tags-any', 'not-tags', 'not-tags-any', 'limit', 'marker', 'changes-before', 'locked'))
# 2.75: every query parameter must be one Nova knows (the Router checks it)
QUERY = validation.query_schema(*sorted(KNOWN_PARAMS))

# exact-match filters: query name -> instance field
EXACT = {'availability_zone': 'availability_zone', 'key_name': 'key_name',
         'user_id': 'user_id', 'task_state': 'task_state', 'vm_state': 'vm_state',
         'hostname': 'hostname', 'node': 'node', 'locked_by': 'locked_by', 'uuid': 'uuid'}
INTEGER = {'power_state': 'power_state', 'progress': 'progress',
           'launch_index': 'launch_index'}
TIMES = ('created_at', 'launched_at', 'terminated_at')
USER_FILTERS_283 = ('availability_zone', 'config_drive', 'key_name', 'created_at',
                    'launched_at', 'terminated_at', 'power_state', 'task_state', 'vm_state',
                    'progress', 'user_id')


def parse_time(value, name, message='Invalid filter value for %(name)s: %(value)s'):
    """A query parameter's ISO 8601 time as naive UTC; ``message`` is the 400's."""
    try:
        return timeutils.parse_isotime(value)
    except ValueError:
        raise exception.Invalid(message % {'name': name, 'value': value})


def apply(req, instances, is_admin):
    """The filters above, on the instances the base filters left."""
    params = req.GET
    version = req.api_version
    if version >= mv.CHANGES_BEFORE and params.get('changes-before'):
        before = parse_time(params['changes-before'], 'changes-before')
        if params.get('changes-since'):
            since = parse_time(params['changes-since'], 'changes-since')
            if since > before:
                raise exception.Invalid('The value of changes-since must be less than or '
                                        'equal to changes-before.')
        instances = [i for i in instances
                     if (i['updated_at'] or i['created_at']) <= before]
    if version >= mv.LOCK_REASON and params.get('locked') is not None:
        try:
            locked = validation.to_bool(params['locked'])
        except (ValueError, exception.Invalid):
            raise exception.Invalid('Invalid filter value for locked: %s' % params['locked'])
        instances = [i for i in instances if bool(i['locked']) == locked]
    allowed = None if is_admin else (
        USER_FILTERS_283 if version >= mv.MORE_USER_FILTERS else ())
    for name in list(EXACT) + list(INTEGER) + list(TIMES) + ['config_drive']:
        value = params.get(name)
        if value is None or (allowed is not None and name not in allowed):
            continue
        instances = [i for i in instances if _matches(i, name, value)]
    return instances


def _matches(inst, name, value):
    if name in EXACT:
        return str(inst[EXACT[name]] or '') == value
    if name in INTEGER:
        try:
            return inst[INTEGER[name]] == int(value)
        except ValueError:
            raise exception.Invalid('Invalid filter value for %s: %s' % (name, value))
    if name == 'config_drive':
        try:
            wanted = validation.to_bool(value)
        except (ValueError, exception.Invalid):
            raise exception.Invalid('Invalid filter value for config_drive: %s' % value)
        return bool(inst['config_drive']) == wanted
    # timestamps: the instance's time equals the given one (Nova's exact match)
    moment = parse_time(value, name)
    have = inst[name]
    return have is not None and have.replace(microsecond=0) == moment.replace(microsecond=0)
