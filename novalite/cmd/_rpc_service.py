"""Shared body of the conductor, scheduler and compute entry points."""
import signal

from novalite import concurrency
from novalite.cmd import common


def run(factory, argv, host=None):
    conf = common.load_config(argv)
    common.init_database(conf)
    common.init_rpc(conf)
    svc = factory(conf, host or conf.host).start()
    done = concurrency.event()

    def _stop(signum, frame):
        if not done.ready():
            done.send(signum)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    done.wait()
    svc.stop()
    return 0

