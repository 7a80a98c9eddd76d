"""PUT/GET /v2/images/{id}/file: image data, streamed in chunks both ways.

An upload moves the image queued -> saving -> active with compare-and-swap status updates;
the bytes are written outside any transaction, to a temporary file renamed into place.
"""
import webob

from novalite import exception
from novalite import exception_image as errors
from novalite.api import wsgi
from novalite.api.image import access
from novalite.api.image import images
from novalite.db import image as image_db

CHUNK_SIZE = 64 * 1024


class _ReadError(Exception):
    pass


class ImageDataController:

    def __init__(self, conf):
        self.conf = conf

    @wsgi.response(204)
    def upload(self, req, id):
        ctx = req.context
        img = images.get_visible(ctx, id)
        access.authorize(ctx, 'upload_image', img)
        content_type = (req.content_type or '').lower()
        if content_type != 'application/octet-stream':
            raise errors.UnsupportedMediaType(content_type=content_type or 'None')
        if not (img['disk_format'] and img['container_format']):
            raise errors.BadRequest(reason='Properties disk_format, container_format must be '
                                           'set prior to saving data.')
        if not image_db.set_status(id, 'queued', 'saving'):
            img = images.get_visible(ctx, id)
            raise errors.InvalidStatusTransition(cur=img['status'], new='saving')
        size, md5, sha, virtual_size = self._store(req, id)
        if not image_db.set_status(id, 'saving', 'active', size=size, checksum=md5,
                                   os_hash_algo=image_db.HASH_ALGO, os_hash_value=sha,
                                   virtual_size=virtual_size):
            image_db.delete_data(self.conf, id)
            raise errors.Gone(reason='Image %s could not be found after upload. The image '
                                     'may have been deleted during the upload, cleaning up '
                                     'the chunks uploaded.' % id)
        return None

    def _store(self, req, image_id):
        """Write the request body; on any failure the image goes back to queued."""
        try:
            result = image_db.write_data(self.conf, image_id, _chunks(req))
            expected = req.content_length
            if expected is not None and result[0] != expected:
                image_db.delete_data(self.conf, image_id)
                raise errors.BadRequest(reason='Image data size %d does not match the '
                                               'Content-Length %d.' % (result[0], expected))
            return result
        except _ReadError as exc:
            image_db.set_status(image_id, 'saving', 'queued')
            raise errors.BadRequest(reason='Error reading the image data: %s' % exc)
        except BaseException:
            image_db.set_status(image_id, 'saving', 'queued')
            raise

    def download(self, req, id):
        ctx = req.context
        img = images.get_visible(ctx, id)
        access.authorize(ctx, 'download_image', img)
        if img['status'] == 'deactivated' and not ctx.is_admin:
            raise exception.Forbidden('The requested image has been deactivated. '
                                      'Image data download is forbidden.')
        if img['status'] not in ('active', 'deactivated') or img['size'] is None:
            return wsgi.ResponseObject(None, status=204)
        try:
            chunks = image_db.read_data(self.conf, id, CHUNK_SIZE)
        except FileNotFoundError:
            return wsgi.ResponseObject(None, status=204)
        resp = webob.Response(status=200, app_iter=chunks, conditional_response=False)
        resp.content_type = 'application/octet-stream'
        resp.charset = None
        resp.headers['Content-Length'] = str(img['size'])
        if img['checksum']:
            resp.headers['Content-MD5'] = img['checksum']
        return resp


def _chunks(req):
    """The request body in chunks (chunked transfer encoding included)."""
    stream = req.body_file
    if req.content_length is None and 'chunked' in req.headers.get('Transfer-Encoding', ''):
        stream = req.body_file_raw
    while True:
        try:
            chunk = stream.read(CHUNK_SIZE)
        except (IOError, ValueError) as exc:
            raise _ReadError(str(exc))
        if not chunk:
            return
        yield chunk
