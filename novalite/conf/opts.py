"""Option lists for oslo-config-generator (namespace ``novalite``)."""
from novalite.conf import api, compute, database, default, identity, libvirt, scheduler, trace


def list_opts():
    merged = {}
    for module in (default, api, database, identity, compute, scheduler, libvirt, trace):
        for group, opts in module.list_opts().items():
            merged.setdefault(group, []).extend(opts)
    return list(merged.items())
