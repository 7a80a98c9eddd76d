"""Policy rules in code, one module per area, each with a ``RULES`` list."""
import importlib

_MODULES = ('base', 'servers', 'flavors', 'identity', 'image', 'network', 'keypairs',
            'flavor_manage', 'flavor_extra_specs', 'flavor_access', 'availability_zone',
            'services', 'hypervisors', 'limits', 'quotas', 'server_groups',
            'server_image_actions', 'server_extras', 'server_moves', 'aggregates',
            'compute_extras', 'hosts', 'network_l3')

_MODULES += ('identity_delegation',)
_MODULES += ('volume',)
_MODULES += ('volume_extras',)
_MODULES += ('volumes',)
_MODULES += ('traces',)

def list_rules():
    rules = []
    for name in _MODULES:
        rules.extend(importlib.import_module('novalite.policies.' + name).RULES)
    return rules
