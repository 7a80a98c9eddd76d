"""Shared body of the conductor, scheduler and compute entry points."""
import logging
import signal
import time

from novalite import context as nl_context
from novalite import launcher
from novalite.cmd import common

LOG = logging.getLogger(__name__)


def run(factory, argv, host=None):
    conf = common.load_config(argv)
    common.init_database(conf)
    common.init_rpc(conf)
    stop = launcher.StopFlag()
    signal.signal(signal.SIGTERM, stop.set)
    signal.signal(signal.SIGINT, stop.set)
    svc = factory(conf, host or conf.host)
    if svc.binary == 'nova-compute':
        wait_for_conductor(svc, stop)
        if stop.is_set():
            return 0
    svc.start()
    common.freeze_heap()
    stop.wait()
    LOG.info('Stopping %s on %s', svc.binary, svc.host)
    svc.stop()
    return 0


def wait_for_conductor(svc, stop, timeout=3):
    """Nova's conductor_api.wait_until_ready: compute reaches the database only through the
    conductor, so it starts once the conductor answers. A message sent before the conductor
    has declared its queue is dropped by the broker; asking again is the cure."""
    from novalite import rpc
    from novalite.conductor import rpcapi
    client = rpc.get_client(rpcapi.TOPIC, rpcapi.RPC_API_VERSION, timeout=timeout)
    attempt = 0
    while not stop.is_set():
        attempt += 1
        try:
            client.call(nl_context.get_admin_context(), 'service_heartbeat', host=svc.host,
                        binary=svc.binary, topic=svc.topic)
            return
        except Exception as exc:
            LOG.warning('Timed out waiting for nova-conductor (%s). Is it running? Or did '
                        'this service start before nova-conductor? Reattempting '
                        '(attempt %d).', exc.__class__.__name__, attempt)
            time.sleep(1)
