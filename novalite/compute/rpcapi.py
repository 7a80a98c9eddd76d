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
          and the server sub-resources: get_diagnostics, get_instance_diagnostics,
          attach_interface (calls), detach_interface (cast)
    1.4 - inject_network_info (cast; the admin action injectNetworkInfo)
    1.5 - volumes: attach_volume, detach_volume, swap_volume (casts)
    1.6 - rebuild_instance takes reimage_boot_volume (Nova 2.93: re-image the boot volume)
"""
from novalite import rpc

RPC_API_VERSION = '1.6'
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

    # 1.2: image-backed actions, all casts to the instance's host
    def shelve_instance(self, context, host, instance, image_id, clean_shutdown):
        self._cast(context, host, 'shelve_instance', version='1.2', instance=instance,
                   image_id=image_id, clean_shutdown=clean_shutdown)

    def shelve_offload_instance(self, context, host, instance, clean_shutdown):
        self._cast(context, host, 'shelve_offload_instance', version='1.2', instance=instance,
                   clean_shutdown=clean_shutdown)

    def unshelve_instance(self, context, host, instance, image, request_spec):
        self._cast(context, host, 'unshelve_instance', version='1.2', instance=instance,
                   image=image, request_spec=request_spec)

    def snapshot_instance(self, context, host, instance, image_id):
        self._cast(context, host, 'snapshot_instance', version='1.2', instance=instance,
                   image_id=image_id)

    def backup_instance(self, context, host, instance, image_id, backup_type, rotation):
        self._cast(context, host, 'backup_instance', version='1.2', instance=instance,
                   image_id=image_id, backup_type=backup_type, rotation=rotation)

    def rebuild_instance(self, context, host, instance, new_pass, injected_files, image_ref,
                         orig_image_ref, preserve_ephemeral, reimage_boot_volume=False):
        self._cast(context, host, 'rebuild_instance', version='1.6', instance=instance,
                   new_pass=new_pass, injected_files=injected_files, image_ref=image_ref,
                   orig_image_ref=orig_image_ref, preserve_ephemeral=preserve_ephemeral,
                   reimage_boot_volume=reimage_boot_volume)

    def soft_delete_instance(self, context, host, instance):
        self._cast(context, host, 'soft_delete_instance', version='1.2', instance=instance)

    def restore_instance(self, context, host, instance):
        self._cast(context, host, 'restore_instance', version='1.2', instance=instance)

    # 1.3: moves (compute/move_manager.py), all casts
    def prep_resize(self, context, host, instance, migration, flavor):
        self._cast(context, host, 'prep_resize', version='1.3', instance=instance,
                   migration=migration, flavor=flavor)

    def resize_instance(self, context, host, instance, migration, flavor):
        self._cast(context, host, 'resize_instance', version='1.3', instance=instance,
                   migration=migration, flavor=flavor)

    def finish_resize(self, context, host, instance, migration, flavor, disk_info):
        self._cast(context, host, 'finish_resize', version='1.3', instance=instance,
                   migration=migration, flavor=flavor, disk_info=disk_info)

    def confirm_resize(self, context, host, instance, migration):
        self._cast(context, host, 'confirm_resize', version='1.3', instance=instance,
                   migration=migration)

    def revert_resize(self, context, host, instance, migration):
        self._cast(context, host, 'revert_resize', version='1.3', instance=instance,
                   migration=migration)

    def finish_revert_resize(self, context, host, instance, migration):
        self._cast(context, host, 'finish_revert_resize', version='1.3', instance=instance,
                   migration=migration)

    def evacuate_instance(self, context, host, instance, migration, new_pass, target_state):
        self._cast(context, host, 'evacuate_instance', version='1.3', instance=instance,
                   migration=migration, new_pass=new_pass, target_state=target_state)

    # 1.3: server sub-resources (diagnostics, os-interface)
    def get_diagnostics(self, context, host, instance):
        return self.client.prepare(server=host, version='1.3').call(
            context, 'get_diagnostics', instance=instance)

    def get_instance_diagnostics(self, context, host, instance):
        return self.client.prepare(server=host, version='1.3').call(
            context, 'get_instance_diagnostics', instance=instance)

    def attach_interface(self, context, host, instance, network_id, port_id, requested_ip,
                         tag):
        return self.client.prepare(server=host, version='1.3').call(
            context, 'attach_interface', instance=instance, network_id=network_id,
            port_id=port_id, requested_ip=requested_ip, tag=tag)

    def detach_interface(self, context, host, instance, port_id):
        self._cast(context, host, 'detach_interface', version='1.3', instance=instance,
                   port_id=port_id)

    # 1.4
    def inject_network_info(self, context, host, instance):
        self._cast(context, host, 'inject_network_info', version='1.4', instance=instance)

    # 1.5: volumes (compute/volume_manager.py), casts
    def attach_volume(self, context, host, instance, bdm):
        self._cast(context, host, 'attach_volume', version='1.5', instance=instance, bdm=bdm)

    def detach_volume(self, context, host, instance, volume_id, attachment_id):
        self._cast(context, host, 'detach_volume', version='1.5', instance=instance,
                   volume_id=volume_id, attachment_id=attachment_id)

    def swap_volume(self, context, host, instance, bdm, new_volume_id, new_attachment_id):
        self._cast(context, host, 'swap_volume', version='1.5', instance=instance, bdm=bdm,
                   new_volume_id=new_volume_id, new_attachment_id=new_attachment_id)
