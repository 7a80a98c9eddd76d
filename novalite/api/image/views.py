"""The image as Glance v2 shows it: base attributes plus custom properties, flat."""

ATTRIBUTES = ('name', 'disk_format', 'container_format', 'visibility', 'size', 'virtual_size',
              'status', 'checksum', 'protected', 'min_ram', 'min_disk', 'owner', 'os_hidden',
              'os_hash_algo', 'os_hash_value')


def isotime(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value is not None else None


def image(img):
    view = {k: ('' if v is None else v) for k, v in img['properties'].items()}
    for name in ATTRIBUTES:
        view[name] = img[name]
    view['id'] = img['id']
    view['created_at'] = isotime(img['created_at'])
    view['updated_at'] = isotime(img['updated_at'] or img['created_at'])
    view['tags'] = list(img['tags'])
    view['self'] = '/v2/images/%s' % img['id']
    view['file'] = '/v2/images/%s/file' % img['id']
    view['schema'] = '/v2/schemas/image'
    if img['status'] in ('active', 'deactivated'):
        view['stores'] = 'file'       # the one store (see discovery.py)
    return view


def member(m):
    return {'member_id': m['member_id'], 'image_id': m['image_id'], 'status': m['status'],
            'created_at': isotime(m['created_at']), 'updated_at': isotime(m['updated_at']),
            'schema': '/v2/schemas/member'}
