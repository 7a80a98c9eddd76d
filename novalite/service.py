"""An RPC service: a manager behind an oslo.messaging server, plus its heartbeat.

The same class runs the conductor, the scheduler and each compute host, whether they share
one process (all-in-one, ``fake://``) or run apart over RabbitMQ.
"""
import logging

from novalite import concurrency
from novalite import context as nl_context
from novalite import rpc
from novalite.db import api as db_api

LOG = logging.getLogger(__name__)


class Service:

    def __init__(self, conf, host, binary, topic, manager, version, heartbeat=None):
        self.conf = conf
        self.host = host
        self.binary = binary
        self.topic = topic
        self.manager = manager
        self.version = version
        self._heartbeat_fn = heartbeat or self._db_heartbeat
        self.server = None
        self._stopped = False
        self._beat = None

    def _db_heartbeat(self):
        db_api.service_heartbeat(self.host, self.binary, self.topic)

    def start(self):
        self.heartbeat()
        init_host = getattr(self.manager, 'init_host', None)
        self.server = rpc.get_server(self.topic, self.host, [self.manager], self.version)
        self.server.start()
        if init_host is not None:
            init_host()
        self._beat = concurrency.spawn(self._heartbeat_loop)
        if getattr(self.manager, 'periodic_tasks', None) is not None:
            self._periodic = concurrency.spawn(self._periodic_loop)
        LOG.info('Started %s on %s (topic %s)', self.binary, self.host, self.topic)
        return self

    def heartbeat(self):
        try:
            self._heartbeat_fn()
        except Exception:
            LOG.exception('%s on %s could not report its heartbeat', self.binary, self.host)

    def _heartbeat_loop(self):
        while not self._stopped:
            concurrency.sleep(self.conf.report_interval)
            if not self._stopped:
                self.heartbeat()

    def _periodic_loop(self):
        """The manager's periodic tasks, every [DEFAULT] periodic_interval seconds."""
        while not self._stopped:
            concurrency.sleep(self.conf.periodic_interval)
            if self._stopped:
                break
            try:
                self.manager.periodic_tasks(nl_context.get_admin_context())
            except Exception:
                LOG.exception('Periodic tasks of %s on %s failed', self.binary, self.host)

    def stop(self):
        self._stopped = True
        if self.server is not None:
            self.server.stop()
            self.server.wait()


def conductor_service(conf, host):
    from novalite.conductor import manager, rpcapi
    return Service(conf, host, 'nova-conductor', rpcapi.TOPIC, manager.ConductorManager(conf),
                   rpcapi.RPC_API_VERSION)


def scheduler_service(conf, host):
    from novalite.scheduler import manager, rpcapi
    return Service(conf, host, 'nova-scheduler', rpcapi.TOPIC, manager.SchedulerManager(conf),
                   rpcapi.RPC_API_VERSION)


def compute_service(conf, host):
    from novalite.compute import manager, rpcapi
    mgr = manager.ComputeManager(conf, host)

    def heartbeat():
        # through the conductor; waiting longer than half of service_down_time is pointless
        # (a call lost in a broker restart would otherwise hold the heartbeat for 60 s)
        client = mgr.conductor.client.prepare(timeout=max(1, conf.service_down_time // 2))
        client.call(nl_context.get_admin_context(), 'service_heartbeat', host=host,
                    binary='nova-compute', topic=rpcapi.TOPIC)
    return Service(conf, host, 'nova-compute', rpcapi.TOPIC, mgr, rpcapi.RPC_API_VERSION,
                   heartbeat=heartbeat)


def volume_service(conf, host):
    """The volume manager (Cinder's cinder-volume) of this host; it reaches the database
    itself, as Cinder's does."""
    from novalite.volume import manager, rpcapi
    return Service(conf, host, 'cinder-volume', rpcapi.TOPIC, manager.VolumeManager(conf, host),
                   rpcapi.RPC_API_VERSION)
