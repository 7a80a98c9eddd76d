"""Client side of the compute RPC API (one server per compute host).

Version history:
    1.0 - build_and_run_instance, terminate_instance
    1.1 - server actions: reboot_instance, stop_instance, start_instance, pause_instance,
          unpause_instance, suspend_instance, resume_instance, rescue_instance,
          unrescue_instance, set_admin_password, trigger_crash_dump (casts);
          get_console_output (the one call: the API waits for the text)
    1.2 - image-backed actions: shelve/unshelve, snapshot/backup, rebuild, soft delete/restore
    1.3 - moves: resize/migrate (prep_resize, resize_instance, finish_resize, confirm/revert),
          evacuate (rebuild on another host)
"""
from novalite import rpc

RPC_API_VERSION = '1.3'
TOPIC = 'compute'


class ComputeAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, RPC_API_VERSION)

    def _cast(self, context, host, method, version='1.1', **kwargs):
        self.client.prepare(server=host, version=version).cast(context, method, **kwargs)

    def build_and_run_instance(self, context, host, instance, request_spec, alternates):
        self._cast(context, host, 'build_and_run_instance', version='1.0', instance=instance,
                   request_spec=request_spec, alternates=alternates)

    def terminate_instance(self, context, host, instance):
        self._cast(context, host, 'terminate_instance', version='1.0', instance=instance)

    # 1.1: server actions, all casts to the instance's host
    def reboot_instance(self, context, host, instance, reboot_type):
        self._cast(context, host, 'reboot_instance', instance=instance,
                   reboot_type=reboot_type)

    def stop_instance(self, context, host, instance):
        self._cast(context, host, 'stop_instance', instance=instance)

    def start_instance(self, context, host, instance):
        self._cast(context, host, 'start_instance', instance=instance)

    def pause_instance(self, context, host, instance):
        self._cast(context, host, 'pause_instance', instance=instance)

    def unpause_instance(self, context, host, instance):
        self._cast(context, host, 'unpause_instance', instance=instance)

    def suspend_instance(self, context, host, instance):
        self._cast(context, host, 'suspend_instance', instance=instance)

    def resume_instance(self, context, host, instance):
        self._cast(context, host, 'resume_instance', instance=instance)

    def rescue_instance(self, context, host, instance, rescue_password, rescue_image_ref):
        self._cast(context, host, 'rescue_instance', instance=instance,
                   rescue_password=rescue_password, rescue_image_ref=rescue_image_ref)

    def unrescue_instance(self, context, host, instance):
        self._cast(context, host, 'unrescue_instance', instance=instance)

    def set_admin_password(self, context, host, instance, new_pass):
        self._cast(context, host, 'set_admin_password', instance=instance, new_pass=new_pass)

    def trigger_crash_dump(self, context, host, instance):
        self._cast(context, host, 'trigger_crash_dump', instance=instance)

    def get_console_output(self, context, host, instance, tail_length):
        return self.client.prepare(server=host, version='1.1').call(
            context, 'get_console_output', instance=instance, tail_length=tail_length)
