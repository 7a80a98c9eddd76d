"""The compute API facade: what the REST controllers call (Nova's nova.compute.api.API).

``create`` validates what the request names (flavor, image, networks, key pair) as the user
sees them, writes the instances (building/scheduling) and their 'create' action, and casts to
the conductor. Nothing here waits for a build.
"""
import base64
import functools
import logging
import re
import secrets
import string
import uuid as uuidlib

from novalite import exception
from novalite import quota
from novalite import service_client
from novalite.compute import block_device
from novalite.compute import create_extras
from novalite.compute import disk_config
from novalite.compute import image_actions
from novalite.compute import moves
from novalite.compute import rpcapi as compute_rpcapi
from novalite.compute import states
from novalite.compute import volumes
from novalite.conductor import rpcapi as conductor_rpcapi
from novalite.db import api as db_api
from novalite.db import block_devices
from novalite.db import flavors as flavor_db
from novalite.db import keypairs as keypair_db
from novalite.db import server_extras as extras_db
from novalite.db import server_groups as group_db
from novalite.db import session as db
from novalite.db import usage as usage_db
from novalite.image import api as image_api
from novalite.network import api as network_api
from novalite.db import claims
from novalite.scheduler.filters import image_props
from novalite.volume import cinder

LOG = logging.getLogger(__name__)

MAX_USERDATA_SIZE = 65535
_PASSWORD_CHARS = string.ascii_letters + string.digits


def get_instance(context, instance_id, read_deleted=False, any_project=False):
    """The one instance lookup of the REST layer: the instance ``context`` may see (its own
    project's; any for admins, or with ``any_project`` for the admin APIs that check their
    policy against the instance afterwards), deleted ones too with ``read_deleted``;
    InstanceNotFound (404) otherwise."""
    project_id = None if context.is_admin or any_project else context.project_id
    return db_api.instance_get(instance_id, project_id=project_id, read_deleted=read_deleted)


def get_instances(**filters):
    """The instances matching the filters SQL can express (project_id, deleted,
    changes_since, host, uuids, image_ref, flavor_id, reservation_id), sorted by
    ``sort_keys``/``sort_dirs``; the caller has scoped ``project_id`` to what it may see."""
    return db_api.instance_get_all(**filters)


def instances_active_in_window(begin, end, project_id=None):
    """Instances launched before ``end`` and not terminated before ``begin`` (usage)."""
    return usage_db.instances_active_in_window(begin, end, project_id=project_id)


def latest_faults(instance_uuids):
    """{uuid: the latest fault} of the instances that have one."""
    return db_api.faults_latest(instance_uuids)


def instance_actions(instance_uuid):
    """The server's actions (as listed below 2.58)."""
    return db_api.actions_list(instance_uuid)


def instance_actions_page(instance_uuid, limit, marker=None, since=None, before=None):
    """A page of the server's actions newest first, after the one whose request id is
    ``marker``, updated at or after ``since`` / at or before ``before``."""
    actions, _more = extras_db.actions_page(instance_uuid, limit, marker, since, before)
    return actions


def instance_action(instance_uuid, request_id):
    """One action with its events; 404."""
    return db_api.action_get(instance_uuid, request_id)


# Nova's @check_instance_state on update_instance_metadata / delete_instance_metadata (and the
# server tags): the states a server's own record (metadata, tags) may change in
RECORD_VM_STATES = (states.ACTIVE, states.PAUSED, states.SUSPENDED, states.STOPPED)


def check_record_state(instance, action, must_have_launched=False):
    """409 unless the server is in RECORD_VM_STATES (and, with ``must_have_launched``, has
    been launched, Nova's must_have_launched)."""
    if instance['vm_state'] not in RECORD_VM_STATES:
        raise exception.InstanceInvalidState(method=action, instance_uuid=instance['uuid'],
                                             attr='vm_state', state=instance['vm_state'])
    if must_have_launched and not instance['launched_at']:
        raise exception.Conflict("Instance %s is in an invalid state for '%s'"
                                 % (instance['uuid'], action))


def generate_password(length=12):
    return ''.join(secrets.choice(_PASSWORD_CHARS) for _ in range(length))


def check_instance_lock(func):
    """Nova's @check_instance_lock: only admins act on a locked instance."""
    @functools.wraps(func)
    def inner(self, context, instance, *args, **kwargs):
        if instance['locked'] and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance['uuid'])
        return func(self, context, instance, *args, **kwargs)
    return inner


def check_instance_host(func):
    """Nova's @check_instance_host: the action needs the compute host the instance is on."""
    @functools.wraps(func)
    def inner(self, context, instance, *args, **kwargs):
        if not instance['host']:
            raise exception.InstanceNotReady(instance_id=instance['uuid'])
        return func(self, context, instance, *args, **kwargs)
    return inner


def check_instance_state(method, vm_state=None, task_state=(None,)):
    """Nova's @check_instance_state: 409 InstanceInvalidState outside the allowed states.

    ``method`` is the action name the API user sees in the message (Nova's controllers
    re-raise with it: "Cannot 'reboot' instance <uuid> while it is in vm_state stopped").
    """
    def outer(func):
        @functools.wraps(func)
        def inner(self, context, instance, *args, **kwargs):
            check_state(instance, method, vm_state, task_state)
            return func(self, context, instance, *args, **kwargs)
        return inner
    return outer


def check_state(instance, method, vm_state=None, task_state=(None,)):
    for attr, allowed in (('vm_state', vm_state), ('task_state', task_state)):
        if allowed is not None and instance[attr] not in allowed:
            raise exception.InstanceInvalidState(method=method, instance_uuid=instance['uuid'],
                                                 attr=attr, state=instance[attr])


def _flavor_snapshot(flavor):
    keys = ('flavorid', 'name', 'memory_mb', 'vcpus', 'root_gb', 'ephemeral_gb', 'swap',
            'rxtx_factor', 'is_public', 'description', 'extra_specs')
    return {k: flavor[k] for k in keys}


# --------------------------------------------------------------------------- actions
class ActionsMixin:
    """The server actions of Nova's compute API (POST /servers/{id}/action).

    Each one checks lock and state as Nova's decorators do, moves the instance to its task
    state with a compare-and-swap (a concurrent action gets 409, not a lost update),
    records the instance action and casts to the instance's compute host.
    """

    def _start_action(self, context, instance, action, updates, expected_task=(None,)):
        try:
            inst = db_api.instance_update(instance['uuid'], updates,
                                          expected_task_state=list(expected_task),
                                          expected_vm_state=instance['vm_state'])
        except exception.UnexpectedStateError:
            current = db_api.instance_get(instance['uuid'])
            check_state(current, action, (instance['vm_state'],), expected_task)
            raise
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], action)
        return inst

    def _record(self, context, instance, action):
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], action)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('reboot', vm_state=states.ALLOW_SOFT_REBOOT + states.ALLOW_HARD_REBOOT,
                          task_state=states.ALLOW_REBOOT_TASKS)
    def reboot(self, context, instance, reboot_type):
        if reboot_type == 'SOFT':
            check_state(instance, 'reboot', states.ALLOW_SOFT_REBOOT, (None,))
            task, expected = states.REBOOTING, (None,)
        else:
            # a hard reboot may take over a soft one that hangs, as in Nova
            task, expected = states.REBOOTING_HARD, states.ALLOW_REBOOT_TASKS
        inst = self._start_action(context, instance, 'reboot', {'task_state': task}, expected)
        self.compute_rpc.reboot_instance(context, inst['host'], inst, reboot_type)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('stop', vm_state=(states.ACTIVE, states.ERROR))
    def stop(self, context, instance):
        inst = self._start_action(context, instance, 'stop',
                                  {'task_state': states.POWERING_OFF, 'progress': 0})
        self.compute_rpc.stop_instance(context, inst['host'], inst)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('start', vm_state=(states.STOPPED,))
    def start(self, context, instance):
        inst = self._start_action(context, instance, 'start',
                                  {'task_state': states.POWERING_ON})
        self.compute_rpc.start_instance(context, inst['host'], inst)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('pause', vm_state=(states.ACTIVE,))
    def pause(self, context, instance):
        inst = self._start_action(context, instance, 'pause', {'task_state': states.PAUSING})
        self.compute_rpc.pause_instance(context, inst['host'], inst)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('unpause', vm_state=(states.PAUSED,))
    def unpause(self, context, instance):
        inst = self._start_action(context, instance, 'unpause',
                                  {'task_state': states.UNPAUSING})
        self.compute_rpc.unpause_instance(context, inst['host'], inst)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('suspend', vm_state=(states.ACTIVE,))
    def suspend(self, context, instance):
        inst = self._start_action(context, instance, 'suspend',
                                  {'task_state': states.SUSPENDING})
        self.compute_rpc.suspend_instance(context, inst['host'], inst)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('resume', vm_state=(states.SUSPENDED,))
    def resume(self, context, instance):
        inst = self._start_action(context, instance, 'resume', {'task_state': states.RESUMING})
        self.compute_rpc.resume_instance(context, inst['host'], inst)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('rescue', vm_state=(states.ACTIVE, states.STOPPED, states.ERROR))
    def rescue(self, context, instance, rescue_password=None, rescue_image_ref=None):
        if rescue_image_ref:
            self._image(context, rescue_image_ref, None)
        password = rescue_password or generate_password()
        inst = self._start_action(context, instance, 'rescue', {'task_state': states.RESCUING})
        self.compute_rpc.rescue_instance(context, inst['host'], inst, password,
                                         rescue_image_ref)
        return password

    @check_instance_lock
    @check_instance_host
    @check_instance_state('unrescue', vm_state=(states.RESCUED,))
    def unrescue(self, context, instance):
        inst = self._start_action(context, instance, 'unrescue',
                                  {'task_state': states.UNRESCUING})
        self.compute_rpc.unrescue_instance(context, inst['host'], inst)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('changePassword', vm_state=(states.ACTIVE,))
    def set_admin_password(self, context, instance, password):
        inst = self._start_action(context, instance, 'changePassword',
                                  {'task_state': states.UPDATING_PASSWORD})
        self.compute_rpc.set_admin_password(context, inst['host'], inst, password)

    @check_instance_host
    def get_console_output(self, context, instance, tail_length=None):
        """Nova's get_console_output: read-only, so locks do not apply; waits for the host."""
        if instance['task_state'] in (states.DELETING, states.MIGRATING):
            raise exception.InstanceInvalidState(
                method='get_console_output', instance_uuid=instance['uuid'],
                attr='task_state', state=instance['task_state'])
        return self.compute_rpc.get_console_output(context, instance['host'], instance,
                                                   tail_length)

    @check_instance_lock
    @check_instance_host
    @check_instance_state('trigger_crash_dump', vm_state=(
        states.ACTIVE, states.PAUSED, states.RESCUED, states.RESIZED, states.ERROR))
    def trigger_crash_dump(self, context, instance):
        self._record(context, instance, 'trigger_crash_dump')
        self.compute_rpc.trigger_crash_dump(context, instance['host'], instance)

    @check_instance_lock
    @check_instance_host
    def inject_network_info(self, context, instance):
        """Nova's injectNetworkInfo (admin): the host hands the guest its network info."""
        self._record(context, instance, 'inject_network_info')
        self.compute_rpc.inject_network_info(context, instance['host'], instance)

    # lock/unlock happen in the API, as in Nova (events 'api_lock' / 'api_unlock')
    @staticmethod
    def is_expected_locked_by(context, instance):
        """False when someone else's lock is on it (an admin's on an owner's server, or
        the owner's when an admin of another project asks)."""
        expected = 'owner' if instance['project_id'] == context.project_id else 'admin'
        return not instance['locked_by'] or instance['locked_by'] == expected

    def lock(self, context, instance, reason=None):
        is_owner = instance['project_id'] == context.project_id
        if instance['locked'] and is_owner:
            return instance
        self._record(context, instance, 'lock')
        return self._api_event(context, instance, 'api_lock', {
            'locked': True, 'locked_by': 'owner' if is_owner else 'admin',
            'locked_reason': reason})  # 2.73

    def unlock(self, context, instance):
        self._record(context, instance, 'unlock')
        return self._api_event(context, instance, 'api_unlock',
                               {'locked': False, 'locked_by': None, 'locked_reason': None})

    @staticmethod
    def _api_event(context, instance, event, updates):
        db_api.action_event_start(context, instance['uuid'], event)
        inst = db_api.instance_update(instance['uuid'], updates)
        db_api.action_event_finish(context, instance['uuid'], event, 'Success')
        return inst

    def reset_state(self, context, instance, vm_state):
        """os-resetState (admin): force vm_state, clear task_state; no compute host."""
        self._record(context, instance, 'resetState')
        return db_api.instance_update(instance['uuid'], {'vm_state': vm_state,
                                                         'task_state': None})


class API(ActionsMixin, image_actions.ImageActionsMixin, moves.MovesMixin,
          volumes.VolumesMixin):

    def __init__(self, conf):
        self.conf = conf
        auth = service_client.ServiceAuth(conf)
        self.image = image_api.ImageAPI(conf, auth)
        self.network = network_api.NetworkAPI(conf, auth)
        self.volume_api = cinder.VolumeAPI(conf, auth)
        self._conductor = None
        self._compute = None

    @property
    def conductor(self):
        if self._conductor is None:
            self._conductor = conductor_rpcapi.ConductorAPI()
        return self._conductor

    @property
    def compute_rpc(self):
        if self._compute is None:
            self._compute = compute_rpcapi.ComputeAPI()
        return self._compute

    # ------------------------------------------------------------------ create
    def create(self, context, create_req):
        """Create the servers ``create_req`` (a ``create_request.CreateRequest``) asks for;
        returns (instances, reservation_id)."""
        flavor = self._flavor(context, create_req.flavor_ref)
        bdms = create_req.block_device_mapping or []
        plan = block_device.check(context, self.volume_api,
                                  lambda ref: self._image(context, ref, None), bdms,
                                  create_req.image_ref)
        volume_backed = block_device.volume_backed(bdms)
        if volume_backed:
            image = plan.image or plan.image_meta
            self._check_image_fits(image, dict(flavor, root_gb=0))  # the volume is the disk
        else:
            image = self._image(context, create_req.image_ref, bdms)
            image_bdms = block_device.from_image(image)
            if image_bdms:
                # the image of a volume-backed server: its snapshots become the volumes
                bdms = block_device.merge(image_bdms, bdms)
                plan = block_device.check(context, self.volume_api,
                                          lambda ref: self._image(context, ref, None),
                                          bdms, None)
                volume_backed = block_device.volume_backed(bdms)
            if volume_backed:
                image = plan.image or plan.image_meta
                self._check_image_fits(image, dict(flavor, root_gb=0))
            else:
                self._check_image_fits(image, flavor)
        auto_disk_config = disk_config.for_image(image, create_req.auto_disk_config)
        networks = self._networks(context, create_req.requested_networks)
        security_groups = self._security_groups(context, create_req.security_groups,
                                                bool(networks))
        key_name, key_data = self._keypair(context, create_req.key_name)
        user_data = self._user_data(create_req.user_data)
        az = create_req.availability_zone
        min_count = create_req.min_count
        max_count = max(min_count if create_req.max_count is None else create_req.max_count,
                        min_count)
        if max_count > 1 and any(r.get('volume_id') for r in plan.rows):
            raise exception.Invalid('Cannot attach one or more volumes to multiple '
                                    'instances')
        quota.check_metadata_items(context, len(create_req.metadata or {}), self.conf)
        reservation_id = 'r-' + secrets.token_hex(4)
        group_uuid = self._server_group(context, create_req.scheduler_hints)
        instances = []
        # count and inserts in one transaction under the project's quota lock
        with quota.instance_create_transaction(context, flavor, min_count, max_count,
                                               self.conf) as (session, count):
            group = None
            if group_uuid:
                group = self._server_group_in(session, context, group_uuid)
                quota.check_server_group_members(context, group, count, self.conf)
            for index in range(count):
                name = create_req.name
                if count > 1:
                    name = '%s-%d' % (name, index + 1)
                values = self._instance_values(context, create_req, flavor, image, name, index,
                                               reservation_id, key_name, key_data, user_data,
                                               az, networks, security_groups)
                create_extras.apply(create_req, image, values)  # 2.52 -> 2.96 fields
                values['auto_disk_config'] = auto_disk_config
                if volume_backed:  # Nova: a volume-backed server has no image of its own
                    values['image_ref'] = ''
                    values['system_metadata']['image_base_image_ref'] = ''
                inst = db_api.instance_create(session, values)
                for row in plan.rows:
                    block_devices.create(dict(row, instance_uuid=inst['uuid']),
                                         session=session)
                db_api.action_start(session, context, inst['uuid'], 'create')
                instances.append(inst)
            if group:
                group_db.server_group_members_add(session, group_uuid,
                                                  [i['uuid'] for i in instances])
        spec = {'flavor': _flavor_snapshot(flavor),
                'image': {'id': image.get('id'),  # + what ImagePropertiesFilter reads
                          'properties': image_props.spec_properties(image)},
                'requested_networks': networks, 'availability_zone': az,
                'scheduler_hints': create_req.scheduler_hints or {},
                'security_group_ids': [sg['id'] for sg in security_groups if sg['id']],
                'project_id': context.project_id, 'num_instances': len(instances),
                'max_attempts': self.conf.filter_scheduler.max_attempts,
                'force_hosts': [create_req.forced_host] if create_req.forced_host else [],
                'force_nodes': [create_req.forced_node] if create_req.forced_node else [],
                'block_devices': bool(plan.rows)}  # the host asks for them only then
        if group:
            # Nova's request spec instance_group: the policy and where members already are
            # (the scheduler refreshes the hosts when it runs).
            spec['group'] = {'uuid': group['uuid'], 'policy': group['policy'],
                             'rules': group.get('rules') or {},  # 2.64
                             'members': group['members'] + [i['uuid'] for i in instances],
                             'hosts': group_db.server_group_hosts(group['uuid'])}
        self.conductor.schedule_and_build_instances(context, [i['uuid'] for i in instances],
                                                    spec)
        return instances, reservation_id

    @staticmethod
    def _server_group(context, hints):
        """The uuid of the group hint after checking it names a group of the project."""
        group_uuid = (hints or {}).get('group')  # a uuid string (the hint's schema)
        if not group_uuid:
            return None
        API._server_group_in(None, context, group_uuid)
        return group_uuid

    @staticmethod
    def _server_group_in(session, context, group_uuid):
        try:
            return group_db.server_group_get(group_uuid, project_id=context.project_id,
                                             session=session)
        except exception.InstanceGroupNotFound as exc:
            raise exception.Invalid(exc.format_message())

    def _instance_values(self, context, create_req, flavor, image, name, index, reservation_id,
                         key_name, key_data, user_data, az, networks, security_groups):
        return {
            'uuid': str(uuidlib.uuid4()), 'display_name': name,
            'display_description': create_req.description,
            'hostname': _hostname(name), 'project_id': context.project_id,
            'user_id': context.user_id, 'image_ref': image.get('id') or '',
            'flavor_id': flavor['flavorid'], 'flavor': _flavor_snapshot(flavor),
            'vcpus': flavor['vcpus'], 'memory_mb': flavor['memory_mb'],
            'root_gb': flavor['root_gb'], 'ephemeral_gb': flavor['ephemeral_gb'],
            'vm_state': states.BUILDING, 'task_state': states.SCHEDULING,
            'power_state': states.NOSTATE, 'availability_zone': az,
            'access_ip_v4': create_req.access_ip_v4,
            'access_ip_v6': create_req.access_ip_v6,
            'key_name': key_name, 'key_data': key_data, 'user_data': user_data,
            'config_drive': 'True' if create_req.config_drive else '',
            'reservation_id': reservation_id, 'launch_index': index,
            'root_device_name': '/dev/vda',
            'instance_metadata': dict(create_req.metadata or {}),
            'system_metadata': {'image_base_image_ref': image.get('id') or '',
                                'image_disk_format': image.get('disk_format'),
                                'image_container_format': image.get('container_format'),
                                'image_min_disk': image.get('min_disk'),
                                'image_min_ram': image.get('min_ram')},
            'requested_networks': networks,
            'block_device_mapping': list(create_req.block_device_mapping or []),
            'scheduler_hints': create_req.scheduler_hints or {},
            'security_groups': [sg['name'] for sg in security_groups],
        }

    def _flavor(self, context, flavor_ref):
        flavor_id = str(flavor_ref).rstrip('/').rsplit('/', 1)[-1]
        try:
            flavor = flavor_db.flavor_get(flavor_id, context)
        except exception.FlavorNotFound:
            raise exception.Invalid('Flavor %s could not be found.' % flavor_id)
        if flavor['disabled']:
            raise exception.Invalid('Flavor is disabled.')
        return flavor

    def _image(self, context, image_ref, bdms):
        boot_bdm = next((b for b in bdms or [] if str(b.get('boot_index')) == '0'), None)
        if boot_bdm is not None:
            image_ref = boot_bdm.get('uuid')
        if not image_ref:
            raise exception.Invalid('Block Device Mapping is Invalid: Boot sequence for the '
                                    'instance and image/block device mapping combination is '
                                    'not valid.')
        image_id = str(image_ref).rstrip('/').rsplit('/', 1)[-1]
        try:
            image = self.image.get(image_id, context=context)
        except exception.ImageNotFound:
            raise exception.Invalid('Image %s could not be found.' % image_id)
        if image.get('status') != 'active':
            raise exception.Invalid('Image %s is not active.' % image_id)
        return image

    @staticmethod
    def _check_image_fits(image, flavor):
        if image.get('min_ram') and flavor['memory_mb'] < image['min_ram']:
            raise exception.Invalid("Flavor's memory is too small for requested image.")
        root_bytes = flavor['root_gb'] * 1024 ** 3
        if flavor['root_gb'] and (image.get('size') or 0) > root_bytes:
            raise exception.Invalid("Flavor's disk is too small for requested image. Flavor "
                                    "disk is %d bytes, image is %d bytes."
                                    % (root_bytes, image.get('size') or 0))
        if flavor['root_gb'] and (image.get('min_disk') or 0) > flavor['root_gb']:
            raise exception.Invalid("Flavor's disk is too small for requested image. Flavor "
                                    "disk is %d bytes, minimum required is %d bytes."
                                    % (root_bytes, image['min_disk'] * 1024 ** 3))

    def _networks(self, context, requested):
        """[{'network_id', 'port_id', 'fixed_ip'}] from the request; 'auto' picks the one
        network the project may use."""
        if requested == 'none':
            return []
        if requested in (None, 'auto'):
            nets = self.network.available_networks(context, auto_allocate=requested == 'auto')
            if len(nets) > 1:
                raise exception.NetworkAmbiguousAtCreate()
            if nets:
                return [{'network_id': nets[0]['id'], 'port_id': None, 'fixed_ip': None}]
            if requested is None:
                return []
            # get-me-a-network: Neutron builds the project's network when the first server
            # is built (its compute host asks); here only that it can be done
            if not self.network.can_auto_allocate(context):
                raise exception.UnableToAutoAllocateNetwork(project_id=context.project_id)
            return [{'network_id': None, 'port_id': None, 'fixed_ip': None,
                     'auto_allocate': True}]
        result = []
        for req in requested:
            if req.get('port_id'):
                try:
                    port = self.network.get_port(req['port_id'], context=context)
                except exception.PortNotFound as exc:  # Nova's create answers 400
                    raise exception.Invalid(exc.format_message())
                if port.get('device_id'):
                    raise exception.PortInUse(port_id=req['port_id'])
                result.append({'network_id': port['network_id'], 'port_id': port['id'],
                               'fixed_ip': None})
                continue
            try:
                net = self.network.get_network(req['network_id'], context=context)
            except exception.NetworkNotFound:
                raise exception.Invalid('Network %s could not be found.' % req['network_id'])
            result.append({'network_id': net['id'], 'port_id': None,
                           'fixed_ip': req.get('fixed_ip')})
        return result

    def _security_groups(self, context, names, has_networks):
        """The requested groups as {'id', 'name'}; none requested means the project's
        default group, which the network service gives every new port by itself."""
        if not has_networks:
            return []
        if not names or names == ['default']:
            return [{'id': None, 'name': 'default'}]
        groups = self.network.list_security_groups(context, project_id=context.project_id)
        found = []
        for name in names:
            match = [g for g in groups if g['name'] == name or g['id'] == name]
            if not match:
                raise exception.Invalid('Security group %s not found for project %s.'
                                        % (name, context.project_id))
            found.append({'id': match[0]['id'], 'name': match[0]['name']})
        return found

    @staticmethod
    def _keypair(context, key_name):
        if key_name is None:
            return None, None
        try:
            kp = keypair_db.keypair_get(context.user_id, key_name)
        except exception.KeypairNotFound:
            raise exception.Invalid('Invalid key_name provided.')
        return kp['name'], kp['public_key']

    @staticmethod
    def _user_data(user_data):
        if user_data is None:
            return None
        if len(user_data) > MAX_USERDATA_SIZE:
            raise exception.Invalid('User data too large. User data must be no larger than '
                                    '%d bytes once base64 encoded.' % MAX_USERDATA_SIZE)
        try:
            base64.b64decode(user_data.encode('utf-8') if isinstance(user_data, str)
                             else user_data)  # Nova's check: non-alphabet bytes skipped
        except (ValueError, TypeError):
            raise exception.Invalid('User data needs to be valid base 64.')
        return user_data

    # ------------------------------------------------------------------ read
    def get(self, context, uuid):
        return get_instance(context, uuid)

    # ------------------------------------------------------------------ record updates
    def update(self, context, instance, updates):
        """PUT /servers/{id}: name, description, access IPs, hostname, disk config."""
        if not updates:
            return instance
        return db_api.instance_update(instance['uuid'], updates)

    def update_metadata(self, context, instance, metadata, action):
        """The server's metadata items become ``metadata`` (Nova's update_instance_metadata
        and delete_instance_metadata): an unlocked server (admins excepted), launched, in a
        RECORD_VM_STATES state, within the metadata_items quota; the write is a
        compare-and-swap on that state (a server that moves on meanwhile gives 409)."""
        if instance['locked'] and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance['uuid'])
        check_record_state(instance, action, must_have_launched=True)
        quota.check_metadata_items(context, len(metadata), self.conf)
        self._record_update(instance, {'instance_metadata': metadata}, action, True)
        return metadata

    def update_tags(self, context, instance, tags, action):
        """The server's tags become ``tags`` (2.26), with the same compare-and-swap."""
        check_record_state(instance, action)
        self._record_update(instance, {'tags': tags}, action, False)

    @staticmethod
    def _record_update(instance, values, action, must_have_launched):
        try:
            db_api.instance_update(instance['uuid'], values,
                                   expected_vm_state=list(RECORD_VM_STATES))
        except exception.UnexpectedStateError:
            check_record_state(db_api.instance_get(instance['uuid']), action,
                               must_have_launched)
            raise

    def power_update(self, context, instance, tag):
        """The hypervisor says the server was powered on or off (the power-update external
        event of 2.76)."""
        if tag == 'POWER_OFF' and instance['vm_state'] == states.ACTIVE:
            db_api.instance_update(instance['uuid'], {'vm_state': states.STOPPED,
                                                      'power_state': states.SHUTDOWN})
        elif tag == 'POWER_ON' and instance['vm_state'] == states.STOPPED:
            db_api.instance_update(instance['uuid'], {'vm_state': states.ACTIVE,
                                                      'power_state': states.RUNNING})

    # ------------------------------------------------------------------ delete
    def delete(self, context, instance):
        if instance['locked'] and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance['uuid'])
        if instance['task_state'] == states.DELETING:
            return
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], 'delete')
        self.delete_shelved_image(context, instance)
        host = instance['host']
        if not host or not self._host_is_up(host):
            self._local_delete(context, instance)
            return
        try:
            instance = db_api.instance_update(instance['uuid'], {'task_state': states.DELETING})
        except exception.InstanceNotFound:
            return
        self.compute_rpc.terminate_instance(context, host, instance)

    def _host_is_up(self, host):
        for service in db_api.service_get_all('nova-compute'):
            if service['host'] == host:
                return db_api.service_is_up(service, self.conf.service_down_time)
        return False

    def _local_delete(self, context, instance):
        """Nova's local delete: no compute host will do it, so the API cleans up."""
        if instance['network_info'] or instance['host']:
            try:
                for port in self.network.list_ports(device_id=instance['uuid']):
                    self.network.delete_port(port['id'])
            except exception.NovaliteException:
                LOG.exception('Could not free the ports of %s', instance['uuid'])
        self.release_volumes_locally(context, instance)
        db_api.instance_destroy(instance['uuid'])
        claims.release(instance['uuid'])
        moves.moves_db.release_migration_allocations(instance['uuid'])  # a move's source
        db_api.action_finish(context, instance['uuid'])


def _hostname(name):
    """Nova's sanitize_hostname: lowercase, [a-z0-9-], at most 63 characters."""
    hostname = re.sub(r'[ _.]', '-', name.lower())
    hostname = re.sub(r'[^\w-]+', '', hostname, flags=re.ASCII)
    hostname = hostname.strip('-.')[:63].rstrip('-')
    return hostname or 'server'

