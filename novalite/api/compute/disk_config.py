"""The disk config extension's attribute, ``OS-DCF:diskConfig`` (Nova's
api/openstack/compute/helpers.py): AUTO or MANUAL in requests and views, the boolean
``auto_disk_config`` on the instance. Not versioned: every microversion has it."""

API_DISK_CONFIG = 'OS-DCF:diskConfig'
SCHEMA = {'type': 'string', 'enum': ['AUTO', 'MANUAL']}


def from_api(body, kwargs):
    """Set ``kwargs['auto_disk_config']`` when ``body`` names a disk config (the schema
    has already checked the value)."""
    value = body.get(API_DISK_CONFIG)
    if value is not None:
        kwargs['auto_disk_config'] = value == 'AUTO'
    return kwargs


def to_api(inst):
    return 'AUTO' if inst.get('auto_disk_config') else 'MANUAL'
