"""os-quota-sets and os-quota-class-sets request bodies, per microversion (Nova's)."""
from novalite import quota
from novalite.api import validation as v

# a limit: an integer (or its string), -1 for unlimited
limit = {'type': ['integer', 'string'], 'pattern': '^-?[0-9]+$', 'minimum': -1,
         'maximum': quota.MAX_LIMIT}


def _body(key, resources, force, additional=False):
    props = {r: limit for r in resources}
    if force:
        props['force'] = v.boolean
    return {'type': 'object',
            'properties': {key: {'type': 'object', 'properties': props,
                                 'additionalProperties': additional}},
            'required': [key], 'additionalProperties': additional}


_ALL = quota.RESOURCES + ('networks',)  # 'networks' passes the schema, then is refused
_V236 = tuple(r for r in quota.RESOURCES if r not in quota.NETWORK_PROXY)

update = _body('quota_set', _ALL, force=True)
update_v236 = _body('quota_set', _V236, force=True)
_INJECTED = ('injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes')
update_v257 = _body('quota_set', tuple(r for r in _V236 if r not in _INJECTED), force=True)
# legacy v2 ignores unknown keys
update_v20 = _body('quota_set', _ALL, force=True, additional=True)

class_update = _body('quota_class_set', quota.RESOURCES, force=False)
class_update_v20 = _body('quota_class_set', quota.RESOURCES, force=False, additional=True)
# 2.50: quota classes lose the network proxies; 2.57: the injected files
class_update_v250 = _body('quota_class_set', _V236, force=False)
class_update_v257 = _body('quota_class_set',
                          tuple(r for r in _V236 if r not in _INJECTED), force=False)
