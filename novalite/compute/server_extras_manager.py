"""Compute manager side of diagnostics and interface attach/detach (compute RPC 1.3):
Nova's get_diagnostics / get_instance_diagnostics (calls), attach_interface (a call that
answers with the port) and detach_interface (a cast)."""
import logging
import traceback

from novalite import exception
from novalite.compute import states
from novalite.network import api as network_api

LOG = logging.getLogger(__name__)


class ServerExtrasManagerMixin:

    # ------------------------------------------------------------------ diagnostics
    def _running_or_409(self, instance, method):
        power_state = self.driver.get_power_state(instance)
        if power_state != states.RUNNING:
            raise exception.InstanceInvalidState(
                method=method, instance_uuid=instance['uuid'], attr='power_state',
                state=states.POWER_STATES.get(power_state, power_state))

    def get_diagnostics(self, context, instance):
        """The driver's own diagnostics blob (API below 2.48); the guest must run."""
        self._running_or_409(instance, 'get_diagnostics')
        return self.driver.get_diagnostics(instance)

    def get_instance_diagnostics(self, context, instance):
        """The standardized diagnostics (API 2.48 and later); the guest must run."""
        self._running_or_409(instance, 'get_instance_diagnostics')
        return self.driver.get_instance_diagnostics(instance)

    # ------------------------------------------------------------------ interfaces
    def attach_interface(self, context, instance, network_id, port_id, requested_ip, tag):
        """Bind (or create) the port, plug it into the guest, add it to network_info.
        Returns the port; on a failure the port is given back and the call raises."""
        uuid = instance['uuid']
        event = 'compute_attach_interface'
        with self.locks.get(uuid):
            self.conductor.action_event_start(context, uuid, event, self.host)
            current = self.conductor.instance_get(context, uuid)
            port, created = None, False
            try:
                port, created = self._bind_port(current, network_id, port_id, requested_ip)
                network = self.network.get_network(port['network_id'])
                vif = network_api.network_info([port], {network['id']: network})[0]
                vif['preserve_on_delete'] = not created
                vif['tag'] = tag
                self.driver.attach_interface(context, current, vif)
                self.conductor.instance_update(
                    context, uuid,
                    {'network_info': list(current.get('network_info') or []) + [vif]})
            except Exception as exc:
                LOG.warning('Attaching an interface to %s failed: %s', uuid, exc)
                if port is not None:
                    self._release_port(port['id'], created)
                self.conductor.action_event_finish(context, uuid, event, 'Error',
                                                   traceback.format_exc())
                if isinstance(exc, exception.NovaliteException) and exc.code < 500:
                    raise
                raise exception.VirtDriverError(
                    reason='Failed to attach network adapter device to %s' % uuid)
            self.conductor.action_event_finish(context, uuid, event, 'Success')
            return port

    def _bind_port(self, instance, network_id, port_id, requested_ip):
        binding = {'device_id': instance['uuid'],
                   'device_owner': 'compute:%s' % (instance['availability_zone'] or 'nova'),
                   'binding:host_id': self.host}
        if port_id:
            return self.network.update_port(port_id, binding), False
        body = dict(binding, network_id=network_id, project_id=instance['project_id'])
        if requested_ip:
            body['fixed_ips'] = [{'ip_address': requested_ip}]
        return self.network.create_port(body), True

    def _release_port(self, port_id, created):
        try:
            if created:
                self.network.delete_port(port_id)
            else:
                self.network.update_port(port_id, {'device_id': '', 'device_owner': '',
                                                   'binding:host_id': ''})
        except Exception:
            LOG.exception('Could not release port %s', port_id)

    def detach_interface(self, context, instance, port_id):
        """Unplug the port from the guest, drop it from network_info, and delete it (or
        unbind it when the user brought it)."""
        uuid = instance['uuid']
        event = 'compute_detach_interface'
        with self.locks.get(uuid):
            self.conductor.action_event_start(context, uuid, event, self.host)
            try:
                current = self.conductor.instance_get(context, uuid)
                vifs = list(current.get('network_info') or [])
                vif = next((v for v in vifs if v['id'] == port_id), None)
                if vif is not None:
                    self.driver.detach_interface(context, current, vif)
                    self.conductor.instance_update(
                        context, uuid, {'network_info': [v for v in vifs if v is not vif]})
                self._release_port(port_id, vif is not None
                                   and not vif.get('preserve_on_delete'))
            except Exception:
                LOG.exception('Detaching port %s from %s failed', port_id, uuid)
                self.conductor.action_event_finish(context, uuid, event, 'Error',
                                                   traceback.format_exc())
                return
            self.conductor.action_event_finish(context, uuid, event, 'Success')
