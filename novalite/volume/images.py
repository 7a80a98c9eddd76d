"""The image service as the block-storage service uses it (Cinder's glance client): image
records for os-volume_upload_image, and image data to and from volume files, over REST with
the service user's token (the caller's access was checked when the request came in)."""
import os

import requests

from novalite import exception
from novalite import service_client
from novalite.image import api as image_api

# Cinder's volume_glance_metadata: these image attributes, then the image's properties
IMAGE_ATTRS = ('checksum', 'container_format', 'disk_format', 'min_disk', 'min_ram', 'size')
# properties Cinder does not copy back into an uploaded image
_NOT_COPIED = ('image_id', 'image_name', 'checksum', 'container_format', 'disk_format',
               'min_disk', 'min_ram', 'size', 'os_hash_algo', 'os_hash_value')

_auth = None


def auth(conf):
    global _auth
    if _auth is None:
        _auth = service_client.ServiceAuth(conf)
    return _auth


def client(conf):
    return image_api.ImageAPI(conf, auth(conf))


def get(conf, context, image_id):
    """The image as the caller sees it, or ImageNotFound."""
    return client(conf).get(image_id, context=context)


def volume_image_metadata(image):
    """What a volume made from ``image`` records as volume_image_metadata."""
    meta = {'image_id': image['id'], 'image_name': image.get('name') or ''}
    for name in IMAGE_ATTRS:
        if image.get(name) is not None:
            meta[name] = str(image[name])
    skip = set(meta) | {'id', 'name', 'status', 'visibility', 'owner', 'protected', 'tags',
                        'created_at', 'updated_at', 'file', 'schema', 'self', 'virtual_size',
                        'direct_url', 'locations', 'os_hidden', 'os_hash_algo',
                        'os_hash_value', 'stores'}
    for key, value in image.items():
        if key not in skip and isinstance(value, (str, int, float, bool)):
            meta[key] = str(value)
    return meta


def create_record(conf, context, volume, meta):
    """A queued image for os-volume_upload_image: name, formats, visibility, protected and
    the volume's image metadata as properties (Cinder's _merge_volume_image_meta)."""
    values = {key: value for key, value in volume['image_metadata'].items()
              if key not in _NOT_COPIED}
    values.update({'name': meta['image_name'],
                   'container_format': meta.get('container_format') or 'bare',
                   'disk_format': meta.get('disk_format') or 'raw'})
    for key in ('visibility', 'protected'):
        if meta.get(key) is not None:
            values[key] = meta[key]
    return client(conf).create(values, context=context)


def download(conf, image_id, dest):
    """The image's data into ``dest`` (written whole or not at all)."""
    a = auth(conf)
    url = a.endpoint('image') + '/v2/images/%s/file' % image_id
    part = dest + '.part'
    try:
        with service_client.http().get(url, stream=True, timeout=conf.service_user.timeout,
                                       headers={'X-Auth-Token': a.token()}) as resp:
            if resp.status_code == 404:
                raise exception.ImageNotFound(image_id=image_id)
            if resp.status_code != 200:
                raise exception.RemoteServiceError(service='image', status=resp.status_code,
                                                   reason='no image data')
            with open(part, 'wb') as f:
                for chunk in resp.iter_content(1024 * 1024):
                    f.write(chunk)
    except requests.RequestException as exc:
        raise exception.ServiceUnavailable(reason='image: %s' % exc)
    except BaseException:
        if os.path.exists(part):
            os.unlink(part)
        raise
    os.replace(part, dest)
    return dest


def upload(conf, image_id, path):
    with open(path, 'rb') as f:
        client(conf).upload(image_id, f)


def delete(conf, image_id):
    client(conf).delete(image_id)
