"""oslo.config options, one module per area; ``CONF`` is the process-wide object.

Fixtures and tests build their own ``cfg.ConfigOpts`` with :func:`register_opts`.
"""
from oslo_config import cfg

from novalite.conf import api
from novalite.conf import compute
from novalite.conf import database
from novalite.conf import default
from novalite.conf import identity
from novalite.conf import libvirt
from novalite.conf import scheduler
from novalite.conf import trace

CONF = cfg.CONF

_MODULES = (default, api, database, identity, compute, scheduler, libvirt, trace)


def register_opts(conf):
    for module in _MODULES:
        module.register_opts(conf)


register_opts(CONF)
