import os
import socket

from oslo_config import cfg

opts = [
    cfg.StrOpt('state_dir',
               default=os.environ.get('NOVALITE_STATE_DIR',
                                      os.path.expanduser('~/.local/state/novalite')),
               help='Directory for the SQLite database, image files, clouds.yaml and openrc. '
                    'Defaults to $NOVALITE_STATE_DIR or ~/.local/state/novalite.'),
    cfg.StrOpt('host', default=socket.gethostname(),
               help='Name of this node; the compute service host name.'),
    cfg.StrOpt('compute_driver', default='fake',
               help='Virt driver, a name in the novalite.virt stevedore namespace.'),
    cfg.IntOpt('report_interval', default=10, min=1,
               help='Seconds between service heartbeats.'),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help='A service whose last heartbeat is older than this is down.'),
    cfg.IntOpt('rpc_response_timeout_default', default=60,
               help='Seconds an RPC call waits for its answer.'),
    cfg.ListOpt('fake_compute_hosts', default=['compute1', 'compute2'],
                help='All-in-one mode: the fake compute hosts started in the process.'),
    cfg.IntOpt('scheduling_timeout', default=120, min=0,
               help='Seconds an accepted instance may wait to be scheduled (no host yet) '
                    'before the conductor puts it in ERROR with a fault: its build request '
                    'was lost (a broker restart). 0 never expires one.'),
    cfg.IntOpt('graceful_shutdown_timeout', default=60, min=0,
               help='Seconds a stopping service (SIGTERM) waits for in-flight requests '
                    'before it exits anyway; 0 waits forever (oslo.service\'s option).'),
]


def register_opts(conf):
    conf.register_opts(opts)


def list_opts():
    return {'DEFAULT': opts}
