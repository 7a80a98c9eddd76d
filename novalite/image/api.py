"""The image service as compute sees it (Nova's nova.image.glance), over REST."""
import urllib.parse

import requests

from novalite import exception
from novalite import service_client


class ImageAPI(service_client.Client):
    service_type = 'image'
    service_name = 'image'

    def get(self, image_id, context=None):
        """The image record; with a context, as that user sees it (404 -> ImageNotFound)."""
        return self.request('GET', service_client.path('/v2/images/%s', image_id), context=context,
                            not_found=exception.ImageNotFound(image_id=image_id))

    # snapshots (createImage, createBackup, shelve): Nova's image_api.create / upload /
    # delete and the backup listing of _rotate_backups
    def create(self, values, context=None):
        """A queued image record (POST /v2/images); returns it."""
        return self.request('POST', '/v2/images', context=context, json=values)

    def upload(self, image_id, data):
        """Image data (PUT /v2/images/{id}/file) as the service user; the image becomes
        active."""
        url = self.auth.endpoint(self.service_type) + service_client.path(
            '/v2/images/%s/file', image_id)
        try:
            resp = service_client.http().put(
                url, data=data, timeout=self.conf.service_user.timeout,
                headers={'X-Auth-Token': self.auth.token(),
                         'Content-Type': 'application/octet-stream'})
        except requests.RequestException as exc:
            raise exception.ServiceUnavailable(reason='%s: %s' % (self.service_name, exc))
        if resp.status_code == 404:
            raise exception.ImageNotFound(image_id=image_id)
        if resp.status_code != 204:
            raise exception.RemoteServiceError(service=self.service_name,
                                               status=resp.status_code,
                                               reason=service_client._message(resp))

    def delete(self, image_id, context=None):
        """Delete an image; one that is already gone is not an error."""
        try:
            self.request('DELETE', service_client.path('/v2/images/%s', image_id), context=context,
                         not_found=exception.ImageNotFound(image_id=image_id))
        except exception.ImageNotFound:
            pass

    def list(self, context=None, **filters):
        """Images matching Glance v2 list filters (custom properties included), newest
        first."""
        params = dict(filters, sort_key='created_at', sort_dir='desc', limit=1000)
        query = '&'.join('%s=%s' % (k, urllib.parse.quote(str(v), safe=''))
                         for k, v in sorted(params.items()))
        return self.request('GET', '/v2/images?' + query, context=context)['images']
