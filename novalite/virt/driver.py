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

    def init_host(self, instances):
        """Called at service start with the instances the database places on this host."""

    def list_instance_uuids(self):
        return []


def load(conf, host):
    mgr = stevedore.DriverManager('novalite.virt', conf.compute_driver, invoke_on_load=True,
                                  invoke_args=(conf, host))
    return mgr.driver
