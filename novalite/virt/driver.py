"""The virt driver interface: a small ABC; drivers are stevedore plugins (novalite.virt)."""
import abc

import stevedore


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
    def spawn(self, context, instance, image_meta, network_info):
        """Create and start the guest; returns when it runs."""

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

    def init_host(self, instances):
        """Called at service start with the instances the database places on this host."""

    def list_instance_uuids(self):
        return []


def load(conf, host):
    mgr = stevedore.DriverManager('novalite.virt', conf.compute_driver, invoke_on_load=True,
                                  invoke_args=(conf, host))
    return mgr.driver
