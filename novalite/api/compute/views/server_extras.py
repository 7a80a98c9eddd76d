"""The server view fields of microversions 2.63 -> 2.100 (trusted certificates, server
groups, lock reason, hostname, pinned availability zone, image properties, scheduler hints)
and Nova's smaller PUT /servers/{id} answer below 2.75."""
import re

from novalite.api import microversion as mv
from novalite.db import server_extras as extras_db

# Nova keeps the image's properties in system metadata under this prefix (its
# utils.SM_IMAGE_PROP_PREFIX); 2.98 shows them without it.
SM_IMAGE_PREFIX = 'image_'
_IMAGE_KEY = re.compile(r'^[a-zA-Z0-9_:. ]{1,255}$')

# Below 2.75 the update answer has no extension fields (Nova's show(..., show_AZ=False,
# show_config_drive=False, show_extended_attr=False, show_host_status=False,
# show_keypair=False, show_srv_usg=False, show_sec_grp=False, show_extended_status=False,
# show_extended_volumes=False) and plain addresses (extend_address=False).
_NOT_IN_UPDATE = ('OS-EXT-', 'OS-SRV-USG:', 'os-extended-volumes:', 'config_drive',
                  'key_name', 'security_groups', 'host_status')


def sysmeta(inst):
    return inst.get('system_metadata') or {}


def image_properties(inst):
    """{property: string} of the image the server was booted from (2.98)."""
    props = {}
    for key, value in sysmeta(inst).items():
        if not key.startswith(SM_IMAGE_PREFIX) or key == 'image_properties':
            continue
        name = key[len(SM_IMAGE_PREFIX):]
        if not _IMAGE_KEY.match(name):
            continue
        props[name] = None if value is None else str(value)[:255]
    return props


def trusted_certs(inst):
    return list(sysmeta(inst).get('trusted_image_certificates') or []) or None


def pinned_availability_zone(inst):
    """The zone asked for at create (or by a later unshelve): Nova's request spec AZ;
    null when none was (the server may then move between zones)."""
    return sysmeta(inst).get('pinned_availability_zone') or None


def extend(req, inst, view, in_list):
    version = req.api_version
    if version >= mv.TRUSTED_CERTS:
        view['trusted_image_certificates'] = trusted_certs(inst)
    if version >= mv.SERVER_GROUPS_IN_VIEW and not in_list:
        view['server_groups'] = extras_db.server_groups_of(inst['uuid'])
    if version >= mv.LOCK_REASON:
        view['locked_reason'] = inst['locked_reason']
    if version >= mv.HOSTNAME:
        view['OS-EXT-SRV-ATTR:hostname'] = inst['hostname']
    if version >= mv.PINNED_AZ:
        view['pinned_availability_zone'] = pinned_availability_zone(inst)
    if version >= mv.SCHEDULER_HINTS_IN_VIEW:
        # as Nova's request spec stores them: each value a list, a single one too
        view['scheduler_hints'] = {k: v if isinstance(v, list) else [v]
                                   for k, v in (inst.get('scheduler_hints') or {}).items()}


def strip_to_update_view(view):
    for key in [k for k in view if k.startswith(_NOT_IN_UPDATE)]:
        del view[key]
    for entries in view.get('addresses', {}).values():
        for entry in entries:
            entry.pop('OS-EXT-IPS:type', None)
            entry.pop('OS-EXT-IPS-MAC:mac_addr', None)
    return view
