"""vm_state, task_state and power_state, and the status the API shows for them (Nova's)."""

# vm_state
ACTIVE = 'active'
BUILDING = 'building'
PAUSED = 'paused'
SUSPENDED = 'suspended'
STOPPED = 'stopped'
RESCUED = 'rescued'
RESIZED = 'resized'
SOFT_DELETED = 'soft-delete'
DELETED = 'deleted'
ERROR = 'error'
SHELVED = 'shelved'
SHELVED_OFFLOADED = 'shelved_offloaded'

# task_state
SCHEDULING = 'scheduling'
BLOCK_DEVICE_MAPPING = 'block_device_mapping'
NETWORKING = 'networking'
SPAWNING = 'spawning'
DELETING = 'deleting'
REBOOTING = 'rebooting'
REBOOT_PENDING = 'reboot_pending'
REBOOT_STARTED = 'reboot_started'
REBOOTING_HARD = 'rebooting_hard'
REBOOT_PENDING_HARD = 'reboot_pending_hard'
REBOOT_STARTED_HARD = 'reboot_started_hard'
REBUILDING = 'rebuilding'
REBUILD_BLOCK_DEVICE_MAPPING = 'rebuild_block_device_mapping'
REBUILD_SPAWNING = 'rebuild_spawning'
MIGRATING = 'migrating'
RESIZE_PREP = 'resize_prep'
RESIZE_MIGRATING = 'resize_migrating'
RESIZE_MIGRATED = 'resize_migrated'
RESIZE_FINISH = 'resize_finish'
RESIZE_REVERTING = 'resize_reverting'
RESIZE_CONFIRMING = 'resize_confirming'
UPDATING_PASSWORD = 'updating_password'
PAUSING = 'pausing'
UNPAUSING = 'unpausing'
SUSPENDING = 'suspending'
RESUMING = 'resuming'
POWERING_OFF = 'powering-off'
POWERING_ON = 'powering-on'
RESCUING = 'rescuing'
UNRESCUING = 'unrescuing'
IMAGE_SNAPSHOT = 'image_snapshot'
IMAGE_SNAPSHOT_PENDING = 'image_snapshot_pending'
IMAGE_PENDING_UPLOAD = 'image_pending_upload'
IMAGE_UPLOADING = 'image_uploading'
IMAGE_BACKUP = 'image_backup'
SHELVING = 'shelving'
SHELVING_IMAGE_PENDING_UPLOAD = 'shelving_image_pending_upload'
SHELVING_IMAGE_UPLOADING = 'shelving_image_uploading'
SHELVING_OFFLOADING = 'shelving_offloading'
UNSHELVING = 'unshelving'
RESTORING = 'restoring'
SOFT_DELETING = 'soft-deleting'

# power_state
NOSTATE = 0
RUNNING = 1
PAUSED_POWER = 3
SHUTDOWN = 4
CRASHED = 6
SUSPENDED_POWER = 7

_DEFAULT = 'default'

# vm_state -> {task_state: status}; the 'default' entry applies to other task states.
STATUS_MAP = {
    ACTIVE: {
        _DEFAULT: 'ACTIVE',
        REBOOTING: 'REBOOT', REBOOT_PENDING: 'REBOOT', REBOOT_STARTED: 'REBOOT',
        REBOOTING_HARD: 'HARD_REBOOT', REBOOT_PENDING_HARD: 'HARD_REBOOT',
        REBOOT_STARTED_HARD: 'HARD_REBOOT',
        UPDATING_PASSWORD: 'PASSWORD',
        REBUILDING: 'REBUILD', REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
        REBUILD_SPAWNING: 'REBUILD',
        MIGRATING: 'MIGRATING',
        RESIZE_PREP: 'RESIZE', RESIZE_MIGRATING: 'RESIZE', RESIZE_MIGRATED: 'RESIZE',
        RESIZE_FINISH: 'RESIZE',
    },
    BUILDING: {_DEFAULT: 'BUILD'},
    STOPPED: {
        _DEFAULT: 'SHUTOFF',
        RESIZE_PREP: 'RESIZE', RESIZE_MIGRATING: 'RESIZE', RESIZE_MIGRATED: 'RESIZE',
        RESIZE_FINISH: 'RESIZE',
        REBUILDING: 'REBUILD', REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
        REBUILD_SPAWNING: 'REBUILD',
    },
    RESIZED: {_DEFAULT: 'VERIFY_RESIZE', RESIZE_REVERTING: 'REVERT_RESIZE'},
    PAUSED: {_DEFAULT: 'PAUSED', MIGRATING: 'MIGRATING'},
    SUSPENDED: {_DEFAULT: 'SUSPENDED'},
    RESCUED: {_DEFAULT: 'RESCUE'},
    ERROR: {_DEFAULT: 'ERROR', REBUILDING: 'REBUILD', REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
            REBUILD_SPAWNING: 'REBUILD'},
    DELETED: {_DEFAULT: 'DELETED'},
    SOFT_DELETED: {_DEFAULT: 'SOFT_DELETED'},
    SHELVED: {_DEFAULT: 'SHELVED'},
    SHELVED_OFFLOADED: {_DEFAULT: 'SHELVED_OFFLOADED'},
}


def status_from_state(vm_state, task_state=None):
    task_map = STATUS_MAP.get(vm_state, {_DEFAULT: 'UNKNOWN'})
    return task_map.get(task_state, task_map[_DEFAULT])


# Statuses in which the server view includes "progress".
PROGRESS_STATUSES = ('ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING')

# power_state numbers in the API.
POWER_STATES = {NOSTATE: 'pending', RUNNING: 'running', PAUSED_POWER: 'paused',
                SHUTDOWN: 'shutdown', CRASHED: 'crashed', SUSPENDED_POWER: 'suspended'}

# Which states the server actions accept (Nova's vm_states.ALLOW_* and
# task_states.ALLOW_REBOOT): a soft reboot needs a running guest, a hard one also fixes
# stopped, paused, suspended and broken guests.
ALLOW_SOFT_REBOOT = (ACTIVE,)
ALLOW_HARD_REBOOT = ALLOW_SOFT_REBOOT + (STOPPED, PAUSED, SUSPENDED, ERROR)
ALLOW_REBOOT_TASKS = (None, REBOOTING, REBOOT_PENDING, REBOOT_STARTED, RESUMING,
                      REBOOTING_HARD, UNPAUSING, PAUSING, SUSPENDING)
