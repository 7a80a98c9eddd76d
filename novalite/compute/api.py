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
from novalite.compute import create_extras
from novalite.compute import disk_config
from novalite.compute import image_actions
from novalite.compute import moves
from novalite.compute import rpcapi as compute_rpcapi
from novalite.compute import states
from novalite.conductor import rpcapi as conductor_rpcapi
from novalite.db import api as db_api
from novalite.db import session as db
from novalite.image import api as image_api
from novalite.network import api as network_api
from novalite.db import claims
from novalite.scheduler.filters import image_props

LOG = logging.getLogger(__name__)

MAX_USERDATA_SIZE = 65535
_PASSWORD_CHARS = string.ascii_letters + string.digits


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


class API(ActionsMixin, image_actions.ImageActionsMixin, moves.MovesMixin):

    def __init__(self, conf):
        self.conf = conf
        auth = service_client.ServiceAuth(conf)
        self.image = image_api.ImageAPI(conf, auth)
        self.network = network_api.NetworkAPI(conf, auth)
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
    def create(self, context, params):
        flavor = self._flavor(context, params['flavor_ref'])
        image = self._image(context, params.get('image_ref'), params.get('block_device_mapping'))
        self._check_image_fits(image, flavor)
        auto_disk_config = disk_config.for_image(image, params.get('auto_disk_config'))
        networks = self._networks(context, params.get('requested_networks'))
        security_groups = self._security_groups(context, params.get('security_groups'),
                                                bool(networks))
        key_name, key_data = self._keypair(context, params.get('key_name'))
        user_data = self._user_data(params.get('user_data'))
        az = params.get('availability_zone')
        min_count = params.get('min_count', 1)
        max_count = max(params.get('max_count', min_count), min_count)
        quota.check_metadata_items(context, len(params.get('metadata') or {}), self.conf)
        reservation_id = 'r-' + secrets.token_hex(4)
        group_uuid = self._server_group(context, params.get('scheduler_hints'))
        instances = []
        # count and inserts in one transaction under the project's quota lock
        with quota.instance_create_transaction(context, flavor, min_count, max_count,
                                               self.conf) as (session, count):
            group = None
            if group_uuid:
                group = self._server_group_in(session, context, group_uuid)
                quota.check_server_group_members(context, group, count, self.conf)
            for index in range(count):
                name = params['name']
                if count > 1:
                    name = '%s-%d' % (name, index + 1)
                values = self._instance_values(context, params, flavor, image, name, index,
                                               reservation_id, key_name, key_data, user_data,
                                               az, networks, security_groups)
                create_extras.apply(params, image, values)  # 2.52 -> 2.96 fields
                values['auto_disk_config'] = auto_disk_config
                inst = db_api.instance_create(session, values)
                db_api.action_start(session, context, inst['uuid'], 'create')
                instances.append(inst)
            if group:
                db_api.server_group_members_add(session, group_uuid,
                                                [i['uuid'] for i in instances])
        spec = {'flavor': _flavor_snapshot(flavor),
                'image': {'id': image.get('id'),  # + what ImagePropertiesFilter reads
                          'properties': image_props.spec_properties(image)},
                'requested_networks': networks, 'availability_zone': az,
                'scheduler_hints': params.get('scheduler_hints') or {},
                'security_group_ids': [sg['id'] for sg in security_groups if sg['id']],
                'project_id': context.project_id, 'num_instances': len(instances),
                'max_attempts': self.conf.filter_scheduler.max_attempts,
                'force_hosts': [params['forced_host']] if params.get('forced_host') else [],
                'force_nodes': [params['forced_node']] if params.get('forced_node') else []}
        if group:
            # Nova's request spec instance_group: the policy and where members already are
            # (the scheduler refreshes the hosts when it runs).
            spec['group'] = {'uuid': group['uuid'], 'policy': group['policy'],
                             'rules': group.get('rules') or {},  # 2.64
                             'members': group['members'] + [i['uuid'] for i in instances],
                             'hosts': db_api.server_group_hosts(group['uuid'])}
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
            return db_api.server_group_get(group_uuid, project_id=context.project_id,
                                           session=session)
        except db_api.InstanceGroupNotFound as exc:
            raise exception.Invalid(exc.format_message())

    def _instance_values(self, context, params, flavor, image, name, index, reservation_id,
                         key_name, key_data, user_data, az, networks, security_groups):
        return {
            'uuid': str(uuidlib.uuid4()), 'display_name': name,
            'display_description': params.get('description'),
            'hostname': _hostname(name), 'project_id': context.project_id,
            'user_id': context.user_id, 'image_ref': image.get('id') or '',
            'flavor_id': flavor['flavorid'], 'flavor': _flavor_snapshot(flavor),
            'vcpus': flavor['vcpus'], 'memory_mb': flavor['memory_mb'],
            'root_gb': flavor['root_gb'], 'ephemeral_gb': flavor['ephemeral_gb'],
            'vm_state': states.BUILDING, 'task_state': states.SCHEDULING,
            'power_state': states.NOSTATE, 'availability_zone': az,
            'access_ip_v4': params.get('access_ip_v4'),
            'access_ip_v6': params.get('access_ip_v6'),
            'key_name': key_name, 'key_data': key_data, 'user_data': user_data,
            'config_drive': 'True' if params.get('config_drive') else '',
            'reservation_id': reservation_id, 'launch_index': index,
            'root_device_name': '/dev/vda',
            'instance_metadata': dict(params.get('metadata') or {}),
            'system_metadata': {'image_base_image_ref': image.get('id') or '',
                                'image_disk_format': image.get('disk_format'),
                                'image_container_format': image.get('container_format'),
                                'image_min_disk': image.get('min_disk'),
                                'image_min_ram': image.get('min_ram')},
            'requested_networks': networks,
            'block_device_mapping': params.get('block_device_mapping') or [],
            'scheduler_hints': params.get('scheduler_hints') or {},
            'security_groups': [sg['name'] for sg in security_groups],
        }

    def _flavor(self, context, flavor_ref):
        flavor_id = str(flavor_ref).rstrip('/').rsplit('/', 1)[-1]
        try:
            flavor = db_api.flavor_get(flavor_id, context)
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
                raise network_api.NetworkAmbiguous()
            if nets:
                return [{'network_id': nets[0]['id'], 'port_id': None, 'fixed_ip': None}]
            if requested is None:
                return []
            # get-me-a-network: Neutron builds the project's network when the first server
            # is built (its compute host asks); here only that it can be done
            if not self.network.can_auto_allocate(context):
                raise network_api.UnableToAutoAllocateNetwork(project_id=context.project_id)
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
                    raise network_api.PortInUse(port_id=req['port_id'])
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
            kp = db_api.keypair_get(context.user_id, key_name)
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
            base64.b64decode(user_data, validate=True)
        except (ValueError, TypeError):
            raise exception.Invalid('User data needs to be valid base 64.')
        return user_data

    # ------------------------------------------------------------------ read
    def get(self, context, uuid):
        project_id = None if context.is_admin else context.project_id
        return db_api.instance_get(uuid, project_id=project_id)

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

