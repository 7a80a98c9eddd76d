"""[trace]: the per-request traces (novalite/trace.py)."""
from oslo_config import cfg

trace_group = cfg.OptGroup('trace', title='Request traces')

opts = [
    cfg.BoolOpt('enabled', default=True,
                help='Record a trace of every API request (HTTP, RPC, REST, state changes, '
                     'driver steps); off: nothing is recorded.'),
    cfg.IntOpt('max_spans', default=200000, min=0,
               help='Spans kept in the database (0: no limit); the oldest go first.'),
    cfg.IntOpt('max_age', default=86400, min=0,
               help='Seconds a span is kept (0: no limit).'),
    cfg.FloatOpt('flush_interval', default=0.5, min=0.05,
                 help='Seconds between two batched writes of finished spans.'),
]


def register_opts(conf):
    conf.register_group(trace_group)
    conf.register_opts(opts, group=trace_group)


def list_opts():
    return {trace_group: opts}
