"""Block device mappings of a server create (Nova's _validate_and_build_base_options bdm
part and block_device.BlockDeviceDict checks): which devices go to volumes, what the root
disk is, and the mapping rows the build turns into volumes.

A device with destination ``volume`` comes from an existing volume, a snapshot (a new
volume from it), an image (a new bootable volume of ``volume_size``) or nothing (a blank
volume of ``volume_size``); the block storage makes the new volumes when the server is
built on its host. A server whose boot device (boot_index 0) is a volume is volume-backed:
no image of its own (``image: ""``), its image properties from the volume's image metadata.
"""
import json

from novalite import exception
from novalite import exception_volume
from novalite.compute import volumes as volume_logic

_INVALID = 'Block Device Mapping is Invalid: %s'


def _invalid(reason):
    return exception.Invalid(_INVALID % reason)


def _size(bdm):
    value = bdm.get('volume_size')
    return int(value) if value not in (None, '') else None


def _boot_index(bdm):
    value = bdm.get('boot_index')
    if value in (None, ''):
        return None
    index = int(value)
    return index if index >= 0 else None


def from_image(image):
    """The mappings an image carries (a volume-backed server's snapshot: property
    block_device_mapping with bdm_v2), or []."""
    raw = image.get('block_device_mapping')
    if not raw or str(image.get('bdm_v2')).lower() != 'true':
        return []
    try:
        found = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return []
    out = []
    for bdm in found:
        if not isinstance(bdm, dict):
            continue
        bdm = {k: v for k, v in bdm.items() if v is not None}
        # an image's mapping names its source by snapshot_id/volume_id/image_id
        source_id = bdm.pop('%s_id' % bdm.get('source_type'), None)
        if source_id and not bdm.get('uuid'):
            bdm['uuid'] = source_id
        out.append({k: v for k, v in bdm.items()
                    if k not in ('snapshot_id', 'volume_id', 'image_id', 'no_device')})
    return out


def merge(image_bdms, requested):
    """Nova's _merge_bdms_lists: a requested mapping replaces the image's one of the same
    device; the rest of the image's are kept."""
    devices = {b.get('device_name') for b in requested if b.get('device_name')}
    return [b for b in image_bdms if b.get('device_name') not in devices] + list(requested)


def volume_backed(bdms):
    """True when the request's boot device (boot_index 0) goes to a volume."""
    return any(_boot_index(b) == 0 and b.get('destination_type') == 'volume'
               for b in bdms or [])


class Plan:
    """What ``check`` found: the root image (or the volume's image metadata), and the
    mapping rows to write for each server."""

    def __init__(self):
        self.image = None          # the image record (image-backed or image -> volume)
        self.image_meta = {}       # volume-backed: the image facts the root volume carries
        self.rows = []


def check(context, volume_api, get_image, bdms, image_ref):
    """Nova's checks of block_device_mapping_v2 for a volume-backed server (400s with
    Nova's messages); returns a Plan. ``get_image(image_id)`` is the API's image lookup."""
    plan = Plan()
    rows = []
    for bdm in bdms:
        source = bdm.get('source_type')
        dest = bdm.get('destination_type') or ('volume' if source in ('volume', 'snapshot')
                                               else 'local')
        boot_index = _boot_index(bdm)
        if dest != 'volume':
            continue
        row = {'source_type': source, 'destination_type': 'volume',
               'boot_index': boot_index, 'volume_size': _size(bdm),
               'volume_type': bdm.get('volume_type'), 'tag': bdm.get('tag'),
               'delete_on_termination': _to_bool(bdm.get('delete_on_termination')),
               'disk_bus': bdm.get('disk_bus') or 'virtio',
               'device_type': bdm.get('device_type') or 'disk',
               'guest_format': bdm.get('guest_format'),
               'device_name': bdm.get('device_name')}
        if source in ('volume', 'snapshot', 'image') and not bdm.get('uuid'):
            raise _invalid('Missing device UUID.')
        if source == 'volume':
            volume = _volume(context, volume_api, bdm['uuid'])
            if volume['status'] != 'available' and not (
                    volume.get('multiattach') and volume['status'] == 'in-use'):
                raise exception_volume.InvalidVolume(
                    reason="volume '%s' status must be 'available'. Currently in '%s'"
                    % (volume['id'], volume['status']))
            row.update(volume_id=volume['id'], volume_size=volume['size'])
            if boot_index == 0:
                if str(volume.get('bootable')).lower() != 'true':
                    raise exception.Invalid('Block Device %s is not bootable.'
                                            % volume['id'])
                plan.image_meta = _volume_image_meta(volume)
        elif source == 'snapshot':
            snapshot = _snapshot(context, volume_api, bdm['uuid'])
            row.update(snapshot_id=snapshot['id'],
                       volume_size=row['volume_size'] or snapshot['size'])
            if boot_index == 0:
                try:
                    plan.image_meta = _volume_image_meta(
                        volume_api.get(context, snapshot['volume_id']))
                except exception_volume.VolumeNotFound:
                    plan.image_meta = {}
        elif source == 'image':
            if not row['volume_size']:
                raise _invalid("Images with destination_type 'volume' need to have a "
                               "non-zero size specified")
            image = get_image(bdm['uuid'])
            row['image_id'] = image['id']
            if (image.get('min_disk') or 0) > row['volume_size']:
                raise exception.Invalid(
                    'Volume is smaller than the minimum size specified in image metadata. '
                    'Volume size is %d bytes, minimum size is %d bytes.'
                    % (row['volume_size'] * 1024 ** 3, image['min_disk'] * 1024 ** 3))
            if boot_index == 0:
                plan.image = image
        elif source == 'blank':
            if not row['volume_size']:
                raise _invalid("Blank volumes (source: 'blank', dest: 'volume') need to "
                               "have non-zero size")
        rows.append(row)
    if sum(1 for r in rows if r['boot_index'] == 0) > 1:
        raise _invalid('Boot sequence for the instance and image/block device mapping '
                       'combination is not valid.')
    _name_devices(rows)
    plan.rows = rows
    return plan


def _name_devices(rows):
    """The root volume is /dev/vda; the others get the next free names in order."""
    taken = []
    for row in sorted(rows, key=lambda r: (r['boot_index'] != 0,
                                           r['boot_index'] is None, r['boot_index'] or 0)):
        if row['boot_index'] == 0:
            row['device_name'] = '/dev/vda'
        else:
            row['device_name'] = volume_logic.next_device_name(
                {'root_device_name': '/dev/vda'}, taken, row['device_name'] or None)
        taken.append(row)


def _volume(context, volume_api, volume_id):
    try:
        return volume_api.get(context, volume_id)
    except exception_volume.VolumeNotFound:
        raise _invalid('failed to get volume %s.' % volume_id)


def _snapshot(context, volume_api, snapshot_id):
    try:
        snapshot = volume_api.get_snapshot(context, snapshot_id)
    except exception_volume.SnapshotNotFound:
        raise _invalid('failed to get snapshot %s.' % snapshot_id)
    if snapshot.get('status') != 'available':
        raise _invalid('snapshot %s is not available.' % snapshot_id)
    return snapshot


def _volume_image_meta(volume):
    """Nova's get_image_metadata_from_volume: the image facts a bootable volume carries."""
    meta = dict(volume.get('volume_image_metadata') or {})
    props = {k: v for k, v in meta.items()
             if k not in ('image_id', 'image_name', 'size', 'min_ram', 'min_disk',
                          'disk_format', 'container_format', 'checksum')}
    return {'id': meta.get('image_id'), 'name': meta.get('image_name'),
            'min_ram': int(meta.get('min_ram') or 0), 'min_disk': int(meta.get('min_disk') or 0),
            'disk_format': meta.get('disk_format'),
            'container_format': meta.get('container_format'),
            'size': int(volume.get('size') or 0) * 1024 ** 3, 'status': 'active',
            'properties': props}


def _to_bool(value):
    if isinstance(value, bool):
        return value
    return str(value or '').lower() in ('true', '1', 'on', 'yes', 'y', 't')
