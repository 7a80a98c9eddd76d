"""The compute manager: builds and destroys guests on one host through the virt driver.

It never touches the database: every read and write goes through the conductor.
"""
import collections
import logging
import threading
import time
import traceback

import oslo_messaging as messaging

from novalite import concurrency
from novalite import context as nl_context
from novalite import exception
from novalite import service_client
from novalite.compute import image_manager
from novalite.compute import instance_events
from novalite.compute import move_manager
from novalite.compute import power_sync
from novalite.compute import rpcapi
from novalite.compute import server_extras_manager
from novalite.compute import states
from novalite.compute import volume_manager
from novalite.conductor import rpcapi as conductor_rpcapi
from novalite.db import models
from novalite.image import api as image_api
from novalite.network import api as network_api
from novalite.virt import driver as virt_driver
from novalite.virt import tracing as virt_tracing
from novalite.volume import cinder

LOG = logging.getLogger(__name__)
BUILD_EVENT = 'compute__do_build_and_run_instance'
TERMINATE_EVENT = 'compute_terminate_instance'


class _InstanceLocks:
    """One lock per instance uuid (Nova's @synchronized(instance.uuid))."""

    def __init__(self):
        self._locks = collections.defaultdict(threading.Lock)
        self._guard = threading.Lock()

    def get(self, uuid):
        with self._guard:
            return self._locks[uuid]

    def discard(self, uuid):
        with self._guard:
            self._locks.pop(uuid, None)



class HoldingConductor:
    """The conductor client of a host that holds each transitional state
    (``[DEFAULT] transitional_state_hold`` seconds, ``novalite serve --hold-states``):
    every write that moves a server's task_state on (REBOOT, HARD_REBOOT, REBUILD,
    RESIZE, image SAVING, ... to the next state or to none) waits first, so that clients
    polling for the transitional status see it. Beside the per-flavor
    ``novalite:delay_<step>`` knobs of the fake driver, which slow one driver step."""

    def __init__(self, conductor, seconds):
        self.conductor = conductor
        self.seconds = seconds

    def instance_update(self, context, instance_uuid, updates, **kwargs):
        if 'task_state' in updates:
            concurrency.sleep(self.seconds)
        return self.conductor.instance_update(context, instance_uuid, updates, **kwargs)

    def __getattr__(self, name):
        return getattr(self.conductor, name)

class ComputeManager(image_manager.ImageActionsManagerMixin,
                     move_manager.MovesManagerMixin,
                     server_extras_manager.ServerExtrasManagerMixin,
                     volume_manager.VolumesManagerMixin):
    target = messaging.Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, conf, host):
        self.conf = conf
        self.host = host
        # each driver step a span of the request's trace
        self.driver = virt_tracing.TracedDriver(virt_driver.load(conf, host))
        self.conductor = conductor_rpcapi.ConductorAPI()
        if conf.transitional_state_hold > 0:
            self.conductor = HoldingConductor(self.conductor, conf.transitional_state_hold)
        auth = service_client.ServiceAuth(conf)
        self.network = network_api.NetworkAPI(conf, auth)
        self.image = image_api.ImageAPI(conf, auth)
        self.volume_api = cinder.VolumeAPI(conf, auth)
        self.locks = _InstanceLocks()
        self._build_slots = concurrency.semaphore(conf.build_workers)

    # ------------------------------------------------------------------ lifecycle
    def init_host(self):
        """Report resources and settle instances a previous run left half-done."""
        ctx = nl_context.get_admin_context()
        self.update_available_resource(ctx)
        instances = self.conductor.instances_on_host(ctx, self.host)
        self.driver.init_host(instances)
        for inst in instances:
            if inst['task_state'] == states.DELETING:
                self._terminate(ctx, inst)
            elif inst['vm_state'] == states.BUILDING:
                self._fail(ctx, inst, exception.BuildAbortException(
                    instance_uuid=inst['uuid'],
                    reason='The compute service restarted while the instance was building.'))

    def _periodic_spacing(self):
        """(task, seconds between runs; negative: disabled), as Nova's @periodic_task
        spacings; a task runs on the first call and then when its spacing has passed."""
        window = self.conf.resize_confirm_window
        return (('_poll_shelved_instances', self.conf.shelved_poll_interval),  # image_manager
                ('_reclaim_queued_deletes', 0),                              # image_manager
                ('_poll_unconfirmed_resizes', window if window > 0 else -1),  # move_manager
                ('_clean_evacuated_instances', 0),                           # move_manager
                ('_sync_power_states', self.conf.sync_power_state_interval))

    def periodic_tasks(self, context):
        """Run the periodic tasks that are due (the service calls this every
        [DEFAULT] periodic_interval seconds); returns the names of those that ran."""
        last = self.__dict__.setdefault('_periodic_last_run', {})
        ran = []
        for name, spacing in self._periodic_spacing():
            now = time.monotonic()
            if spacing < 0 or (name in last and now - last[name] < spacing):
                continue
            last[name] = now
            ran.append(name)
            try:
                getattr(self, name)(context)
            except Exception:
                LOG.exception('Periodic task %s failed on %s', name, self.host)
        return ran

    def _sync_power_states(self, context):
        power_sync.sync_power_states(self, context)

    def update_available_resource(self, context):
        for node in self.driver.get_available_nodes():
            res = self.driver.get_available_resource(node)
            res.update(cpu_allocation_ratio=self.conf.cpu_allocation_ratio,
                       ram_allocation_ratio=self.conf.ram_allocation_ratio,
                       disk_allocation_ratio=self.conf.disk_allocation_ratio)
            self.conductor.compute_node_update(context, self.host, node, res)

    # ------------------------------------------------------------------ build
    def build_and_run_instance(self, context, instance, request_spec, alternates):
        uuid = instance['uuid']
        with self._build_slots, self.locks.get(uuid):
            try:  # the build event's start and finish ride on _build's first/last update
                self._build(context, instance, request_spec)
            except (exception.InstanceNotFound, exception.Conflict):
                LOG.info('Instance %s was deleted during its build', uuid)
                self._cleanup(context, instance)
                self.conductor.action_event_finish(context, uuid, BUILD_EVENT, 'Error',
                                                   'Instance deleted during build')
            except Exception as exc:
                LOG.warning('Build of instance %s failed on %s: %s', uuid, self.host, exc)
                self._cleanup(context, instance)
                self.conductor.action_event_finish(context, uuid, BUILD_EVENT, 'Error',
                                                   traceback.format_exc())
                self._reschedule_or_fail(context, instance, request_spec, alternates, exc)

    def _build(self, context, instance, spec):
        uuid = instance['uuid']
        inst = self._update(context, uuid, {'task_state': states.NETWORKING},
                            expected=states.SCHEDULING,
                            event_start={'event': BUILD_EVENT, 'host': self.host})
        network_info = self._allocate_network(context, inst, spec)
        # API.create says whether the server has block devices (older specs: ask)
        bdms = self.conductor.bdm_get_by_instance(context, uuid) \
            if spec.get('block_devices', True) else []
        block_device_info = None
        if not bdms:  # straight on to spawning, in the update that stores the ports
            inst = self._update(context, uuid, {'network_info': network_info,
                                                'task_state': states.SPAWNING},
                                expected=states.NETWORKING)
        else:  # Nova's _prep_block_device: the volumes before the guest
            inst = self._update(context, uuid, {'network_info': network_info},
                                expected=states.NETWORKING)
            self._update(context, uuid, {'task_state': states.BLOCK_DEVICE_MAPPING},
                         expected=states.NETWORKING)
            block_device_info = self._prep_block_devices(context, inst, bdms)
            inst = self._update(context, uuid, {'task_state': states.SPAWNING},
                                expected=states.BLOCK_DEVICE_MAPPING)
        image_meta = self.image.get(inst['image_ref']) if inst['image_ref'] else {}
        if image_meta and image_meta.get('status') != 'active':
            raise exception.BuildAbortException(instance_uuid=uuid,
                                                reason='Image is not active.')
        if block_device_info:
            self.driver.spawn(context, inst, image_meta, network_info,
                              block_device_info=block_device_info)
        else:
            self.driver.spawn(context, inst, image_meta, network_info)
        self._update(context, uuid, {
            'vm_state': states.ACTIVE, 'task_state': None,
            'power_state': self.driver.get_power_state(inst),
            'launched_at': models.utcnow()}, expected=states.SPAWNING,
            event_finish={'event': BUILD_EVENT, 'result': 'Success'})

    def _update(self, context, uuid, updates, expected, **events):
        try:
            return self.conductor.instance_update(context, uuid, updates,
                                                  expected_task_state=expected,
                                                  check_task_state=True, **events)
        except messaging.MessagingTimeout:
            raise

    def _allocate_network(self, context, instance, spec):
        ports, networks = [], {}
        for req in spec.get('requested_networks') or []:
            if req.get('port_id'):
                port = self.network.update_port(req['port_id'], {
                    'device_id': instance['uuid'], 'device_owner': 'compute:%s' % (
                        instance['availability_zone'] or 'nova'),
                    'binding:host_id': self.host})
                port['_preexisting'] = True
            else:
                network_id = req['network_id']
                if network_id is None and req.get('auto_allocate'):
                    network_id = self.network.auto_allocated_network(instance['project_id'])
                body = {'network_id': network_id, 'device_id': instance['uuid'],
                        'device_owner': 'compute:%s' % (instance['availability_zone'] or 'nova'),
                        'binding:host_id': self.host, 'project_id': instance['project_id']}
                if req.get('fixed_ip'):
                    body['fixed_ips'] = [{'ip_address': req['fixed_ip']}]
                if spec.get('security_group_ids'):
                    body['security_groups'] = spec['security_group_ids']
                port = self.network.create_port(body)
            ports.append(port)
            if port['network_id'] not in networks:
                networks[port['network_id']] = self.network.get_network(port['network_id'])
        # a port the user brought may already have a floating IP (Nova's network model
        # carries it from the start)
        preexisting = [p['id'] for p in ports if p.get('_preexisting')]
        fips = self.network.list_floating_ips(port_id=preexisting) if preexisting else ()
        vifs = network_api.network_info(ports, networks, fips)
        for vif, port in zip(vifs, ports):
            vif['preserve_on_delete'] = bool(port.get('_preexisting'))
        return vifs

    def _cleanup(self, context, instance):
        """Undo a partial build: the guest and the ports made for it."""
        try:
            self.driver.destroy(context, instance, [])
        except Exception:
            LOG.exception('Could not destroy the guest of %s', instance['uuid'])
        self._deallocate_network(instance)
        self._release_build_volumes(context, instance)

    def _deallocate_network(self, instance):
        try:
            for port in self.network.list_ports(device_id=instance['uuid']):
                preexisting = any(v['id'] == port['id'] and v.get('preserve_on_delete')
                                  for v in instance.get('network_info') or [])
                if preexisting:
                    self.network.update_port(port['id'], {'device_id': '', 'device_owner': '',
                                                          'binding:host_id': ''})
                else:
                    self.network.delete_port(port['id'])
        except Exception:
            LOG.exception('Could not free the ports of %s', instance['uuid'])

    def _reschedule_or_fail(self, context, instance, spec, alternates, exc):
        uuid = instance['uuid']
        retry = int(spec.get('max_attempts') or 1) > 1
        if retry and not isinstance(exc, exception.BuildAbortException):
            try:
                self.conductor.instance_update(context, uuid, {'task_state': states.SCHEDULING,
                                                               'network_info': []})
            except exception.InstanceNotFound:
                return
            self.conductor.reschedule_instance(context, uuid, spec, alternates, self.host,
                                               _message(exc))
            return
        self._fail(context, instance, exc)

    def _fail(self, context, instance, exc):
        uuid = instance['uuid']
        self.conductor.instance_fault_create(
            context, uuid, getattr(exc, 'code', 500) or 500, _message(exc),
            ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)), self.host)
        self.conductor.release_resources(context, uuid)
        try:
            self.conductor.instance_update(context, uuid, {'vm_state': states.ERROR,
                                                           'task_state': None})
        except exception.InstanceNotFound:
            pass

    # ------------------------------------------------------------------ delete
    def terminate_instance(self, context, instance):
        with self.locks.get(instance['uuid']):
            self._terminate(context, instance)
        self.locks.discard(instance['uuid'])

    def _terminate(self, context, instance):
        uuid = instance['uuid']
        self.conductor.action_event_start(context, uuid, TERMINATE_EVENT, self.host)
        try:
            current = self.conductor.instance_get(context, uuid)
        except exception.InstanceNotFound:
            current = instance
        self.driver.destroy(context, current, current.get('network_info') or [])
        self._deallocate_network(current)
        self._release_volumes(context, current,
                              self.conductor.bdm_get_by_instance(context, uuid))
        self.conductor.action_event_finish(context, uuid, TERMINATE_EVENT, 'Success')
        self.conductor.instance_destroy(context, uuid)


    # ------------------------------------------------------------------ server actions
    # Each action is one cast from the API, which has already set the task_state. Like
    # Nova's wrap_instance_event + wrap_instance_fault + reverts_task_state decorators,
    # _action records the 'compute_<method>' event, and on a failure leaves an instance
    # fault and puts the instance back: task_state cleared ('revert') or ERROR ('error').
    def _action(self, context, instance, method, task_states, work, final, failed='revert'):
        uuid = instance['uuid']

        def step():
            work()
            self._update(context, uuid, dict(
                final, task_state=None, power_state=self.driver.get_power_state(instance)),
                expected=list(task_states))
        instance_events.run(self, context, instance, method, step, lambda exc: (
            self._action_failed(context, instance, exc, task_states, failed)))

    def _action_failed(self, context, instance, exc, task_states, failed):
        uuid = instance['uuid']
        self.conductor.instance_fault_create(
            context, uuid, getattr(exc, 'code', 500) or 500, _message(exc),
            ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)), self.host)
        power_state = self.driver.get_power_state(instance)
        if failed == 'reboot':  # Nova: a guest that still runs is fine, else ERROR
            failed = 'running' if power_state == states.RUNNING else 'error'
        updates = {'task_state': None, 'power_state': power_state}
        if failed == 'error':
            updates['vm_state'] = states.ERROR
        elif failed == 'running':
            updates['vm_state'] = states.ACTIVE
        try:
            self._update(context, uuid, updates, expected=list(task_states))
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            pass

    def _set_task(self, context, uuid, task_state, expected):
        return self._update(context, uuid, {'task_state': task_state}, expected=expected)

    def reboot_instance(self, context, instance, reboot_type):
        hard = reboot_type == 'HARD'
        requested = states.REBOOTING_HARD if hard else states.REBOOTING
        pending = states.REBOOT_PENDING_HARD if hard else states.REBOOT_PENDING
        started = states.REBOOT_STARTED_HARD if hard else states.REBOOT_STARTED

        def work():
            self._set_task(context, instance['uuid'], pending, requested)
            self._set_task(context, instance['uuid'], started, pending)
            self.driver.reboot(context, instance, instance.get('network_info') or [],
                               reboot_type)
        self._action(context, instance, 'reboot_instance', (requested, pending, started),
                     work, {'vm_state': states.ACTIVE}, failed='reboot')

    def stop_instance(self, context, instance):
        self._action(context, instance, 'stop_instance', (states.POWERING_OFF,),
                     lambda: self.driver.power_off(instance), {'vm_state': states.STOPPED})

    def start_instance(self, context, instance):
        self._action(context, instance, 'start_instance', (states.POWERING_ON,),
                     lambda: self.driver.power_on(context, instance,
                                                  instance.get('network_info') or []),
                     {'vm_state': states.ACTIVE})
        if instance['vm_state'] == states.SHELVED:  # an unshelve (image_manager.py)
            self._forget_shelved_image(context, instance)

    def pause_instance(self, context, instance):
        self._action(context, instance, 'pause_instance', (states.PAUSING,),
                     lambda: self.driver.pause(instance), {'vm_state': states.PAUSED})

    def unpause_instance(self, context, instance):
        self._action(context, instance, 'unpause_instance', (states.UNPAUSING,),
                     lambda: self.driver.unpause(instance), {'vm_state': states.ACTIVE})

    def suspend_instance(self, context, instance):
        self._action(context, instance, 'suspend_instance', (states.SUSPENDING,),
                     lambda: self.driver.suspend(context, instance),
                     {'vm_state': states.SUSPENDED})

    def resume_instance(self, context, instance):
        self._action(context, instance, 'resume_instance', (states.RESUMING,),
                     lambda: self.driver.resume(context, instance,
                                                instance.get('network_info') or []),
                     {'vm_state': states.ACTIVE})

    def rescue_instance(self, context, instance, rescue_password, rescue_image_ref):
        def work():
            ref = rescue_image_ref or instance.get('image_ref')
            image_meta = self.image.get(ref) if ref else {}
            self.driver.rescue(context, instance, instance.get('network_info') or [],
                               image_meta, rescue_password)
        # Nova: a rescue that fails leaves the instance in ERROR
        self._action(context, instance, 'rescue_instance', (states.RESCUING,), work,
                     {'vm_state': states.RESCUED}, failed='error')

    def unrescue_instance(self, context, instance):
        self._action(context, instance, 'unrescue_instance', (states.UNRESCUING,),
                     lambda: self.driver.unrescue(context, instance),
                     {'vm_state': states.ACTIVE})

    def set_admin_password(self, context, instance, new_pass):
        self._action(context, instance, 'set_admin_password', (states.UPDATING_PASSWORD,),
                     lambda: self.driver.set_admin_password(instance, new_pass), {})

    def trigger_crash_dump(self, context, instance):
        self._action(context, instance, 'trigger_crash_dump', (None,),
                     lambda: self.driver.trigger_crash_dump(instance), {})

    def inject_network_info(self, context, instance):
        """Hand the guest its network info again (Nova's inject_network_info: an event on
        the action the API recorded; the server's states do not change)."""
        self._action(context, instance, 'inject_network_info', (None,),
                     lambda: self.driver.inject_network_info(
                         instance, instance.get('network_info') or []), {})

    def get_console_output(self, context, instance, tail_length):
        """The guest's console log; with ``tail_length`` Nova's tail: the last that many
        pieces of the text split on newlines (a final newline leaves an empty last piece)."""
        output = self.driver.get_console_output(context, instance)
        if tail_length is None:
            return output
        if tail_length <= 0:
            return ''
        return '\n'.join(output.split('\n')[-tail_length:])


_message = instance_events.message
