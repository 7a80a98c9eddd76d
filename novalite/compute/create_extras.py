"""What server create records from the request fields of microversions 2.52 -> 2.96: tags,
hostname, trusted image certificates, the pinned availability zone, and the image's own
properties in system metadata (shown in the server's image from 2.98)."""

# Glance's own image fields; everything else in an image record is a custom property.
_GLANCE_FIELDS = frozenset((
    'id', 'name', 'status', 'visibility', 'owner', 'container_format', 'disk_format', 'size',
    'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'min_disk', 'min_ram',
    'protected', 'os_hidden', 'tags', 'created_at', 'updated_at', 'self', 'file', 'schema',
    'direct_url', 'locations', 'stores', 'os_glance_failed_import',
    'os_glance_importing_to_stores'))


def image_system_metadata(image):
    """Nova's image_* system metadata keys for the image's custom properties."""
    out = {}
    for key, value in (image or {}).items():
        if key in _GLANCE_FIELDS or value is None or isinstance(value, (dict, list)):
            continue
        out['image_' + key] = str(value)
    return out


def apply(create_req, image, values):
    """Update the new instance's ``values`` in place from ``create_req`` (a
    ``create_request.CreateRequest``)."""
    sysmeta = dict(values.get('system_metadata') or {})
    sysmeta.update(image_system_metadata(image))
    if create_req.trusted_certs:
        sysmeta['trusted_image_certificates'] = list(create_req.trusted_certs)
    if create_req.availability_zone:
        sysmeta['pinned_availability_zone'] = create_req.availability_zone
    values['system_metadata'] = sysmeta
    if create_req.tags:
        values['tags'] = list(create_req.tags)
    if create_req.hostname:
        values['hostname'] = create_req.hostname
    return values
