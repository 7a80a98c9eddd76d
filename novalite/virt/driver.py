"""The virt driver interface: a small ABC; drivers are stevedore plugins (novalite.virt)."""
import abc

import stevedore

# What a stand-in guest prints on its serial console when it first boots (the fake driver's
# guests, and the libvirt driver's on the test hypervisor, where no real guest runs): a few
# lines, as a real guest prints many (Tempest reads more than three).
STAND_IN_BOOT_LINES = ('boot', 'kernel: Linux version 6.1.0 (stand-in)',
                       'init: reached target multi-user', 'cloud-init: datasource ready',
                       'login:')


class ComputeDriver(abc.ABC):

    def __init__(self, conf, host):
        self.conf = conf
        self.host = host

    @abc.abstractmethod
    def get_available_nodes(self):
        """Hypervisor node names this host manages."""

    @abc.abstractmethod
    def get_available_resource(self, nodename):
        """{'vcpus', 'memory_mb', 'local_gb', 'hypervisor_type', 'hypervisor_version'}."""

    @abc.abstractmethod
    def spawn(self, context, instance, image_meta, network_info, block_device_info=None):
        """Create and start the guest; returns when it runs. ``block_device_info``: the
        volumes connected for it ({'root': entry or None, 'volumes': [{'mountpoint',
        'connection_info', 'boot_index', 'disk_bus'}]}); with a root volume the guest
        boots from it and has no local root disk."""

    @abc.abstractmethod
    def destroy(self, context, instance, network_info):
        """Stop and remove the guest; a guest that does not exist is not an error."""

    @abc.abstractmethod
    def get_power_state(self, instance):
        """The guest's power_state number (novalite.compute.states)."""

    # Server actions. A driver that cannot do one raises NotImplementedError; the compute
    # manager then records a fault and puts the instance back where it was.
    def reboot(self, context, instance, network_info, reboot_type):
        """Reboot the guest: 'SOFT' asks the guest OS, 'HARD' power-cycles it (and so
        also starts a stopped, paused or suspended guest)."""
        raise NotImplementedError()

    def power_off(self, instance):
        """Power the guest off; it keeps its disks."""
        raise NotImplementedError()

    def power_on(self, context, instance, network_info):
        """Power a stopped guest on."""
        raise NotImplementedError()

    def pause(self, instance):
        """Freeze the guest's vCPUs; its memory stays in place."""
        raise NotImplementedError()

    def unpause(self, instance):
        """Let a paused guest run again."""
        raise NotImplementedError()

    def suspend(self, context, instance):
        """Save the guest's memory to disk and stop it."""
        raise NotImplementedError()

    def resume(self, context, instance, network_info):
        """Restore a suspended guest from its saved memory."""
        raise NotImplementedError()

    def rescue(self, context, instance, network_info, image_meta, rescue_password):
        """Boot the guest from a rescue image with its own disk attached."""
        raise NotImplementedError()

    def unrescue(self, context, instance):
        """Boot the guest from its own disk again after a rescue."""
        raise NotImplementedError()

    def set_admin_password(self, instance, new_pass):
        """Set the guest's administrator password (through a guest agent)."""
        raise NotImplementedError()

    def trigger_crash_dump(self, instance):
        """Inject an NMI so the guest OS dumps its memory (and usually panics)."""
        raise NotImplementedError()

    def get_console_output(self, context, instance):
        """The guest's serial console log as text."""
        raise NotImplementedError()

    def inject_network_info(self, instance, network_info):
        """Give the guest its network info (injectNetworkInfo); most hypervisors have no
        means to, and do nothing, as in Nova."""

    # Image-backed actions (createImage, createBackup, shelve, rebuild, soft delete).
    def snapshot(self, context, instance, image_id, update_task_state, upload):
        """Copy the guest's root disk into image ``image_id``, as Nova's driver.snapshot:
        call ``update_task_state(task_state=IMAGE_PENDING_UPLOAD)`` once the disk is
        captured, ``update_task_state(task_state=IMAGE_UPLOADING,
        expected_state=IMAGE_PENDING_UPLOAD)`` before the upload, then ``upload(data)``."""
        raise NotImplementedError()

    def rebuild(self, context, instance, image_meta, network_info, preserve_ephemeral):
        """Reimage the guest in place. Not implemented means the compute manager does
        Nova's default: destroy, then spawn from the new image."""
        raise NotImplementedError()

    def soft_delete(self, instance):
        """Power the guest off for a soft delete; it can be restored."""
        raise NotImplementedError()

    def restore(self, instance):
        """Power a soft-deleted guest on again."""
        raise NotImplementedError()

    # Server moves (resize, cold migration; evacuate spawns on the new host).
    def migrate_disk_and_power_off(self, context, instance, dest, flavor, network_info):
        """On the source: power the guest off and hand its disk to host ``dest`` for
        ``flavor``; returns disk info (JSON-safe) for finish_migration."""
        raise NotImplementedError()

    def finish_migration(self, context, migration, instance, disk_info, network_info,
                         image_meta, resize_instance, power_on):
        """On the destination: define the guest from ``disk_info`` (grown to the new
        flavor when ``resize_instance``) and start it when ``power_on``."""
        raise NotImplementedError()

    def confirm_migration(self, context, migration, instance, network_info):
        """On the source, after a confirm: remove what is left of the old guest."""
        raise NotImplementedError()

    def finish_revert_migration(self, context, instance, network_info, migration, power_on):
        """On the source, after a revert: bring the old guest back (started when
        ``power_on``)."""
        raise NotImplementedError()

    # Server sub-resources (diagnostics, os-interface).
    def get_diagnostics(self, instance):
        """The hypervisor's own diagnostics dict (API below 2.48)."""
        raise NotImplementedError()

    def get_instance_diagnostics(self, instance):
        """Nova's standardized diagnostics (state, driver, cpu/nic/disk/memory
        details: API 2.48 and later)."""
        raise NotImplementedError()

    def attach_interface(self, context, instance, vif):
        """Plug a virtual interface (a network_info entry) into the guest."""
        raise NotImplementedError()

    def detach_interface(self, context, instance, vif):
        """Unplug a virtual interface from the guest."""
        raise NotImplementedError()

    # Volumes (os-volume_attachments, boot from volume).
    def get_volume_connector(self, instance):
        """What the block-storage service needs to connect a volume to this host (os-brick's
        connector properties)."""
        return {'host': self.host, 'initiator': 'iqn.2010-10.org.openstack:%s' % self.host,
                'ip': '127.0.0.1', 'platform': 'x86_64', 'os_type': 'linux',
                'multipath': False, 'do_local_attach': False}

    def attach_volume(self, context, connection_info, instance, mountpoint, disk_bus=None,
                      device_type=None):
        """Plug a volume (its attachment's connection info) into the guest at
        ``mountpoint`` (e.g. /dev/vdb)."""
        raise NotImplementedError()

    def detach_volume(self, context, connection_info, instance, mountpoint):
        """Unplug the volume at ``mountpoint``; one no longer on the guest is not an
        error."""
        raise NotImplementedError()

    def swap_volume(self, context, old_connection_info, new_connection_info, instance,
                    mountpoint):
        """Move the guest's disk at ``mountpoint`` from one volume to another (a volume
        migration)."""
        raise NotImplementedError()

    def init_host(self, instances):
        """Called at service start with the instances the database places on this host."""

    def list_instance_uuids(self):
        return []


def load(conf, host):
    mgr = stevedore.DriverManager('novalite.virt', conf.compute_driver, invoke_on_load=True,
                                  invoke_args=(conf, host))
    return mgr.driver
