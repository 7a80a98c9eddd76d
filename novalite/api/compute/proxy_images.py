"""/images (+ /detail, /{id}, /{id}/metadata): Nova's image proxy over the image service,
served below 2.36 only (404 from 2.36, as Nova)."""
import urllib.parse

from novalite import exception
from novalite import policy
from novalite import service_client
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import proxy_common as proxy
from novalite.api.image import views as image_views

POLICY = 'os_compute_api:image-metadata:%s'
_NOT_FOUND = 'Image not found.'
_FIXED = set(image_views.ATTRIBUTES) | {'id', 'created_at', 'updated_at', 'tags', 'self',
                                        'file', 'schema', 'direct_url', 'locations',
                                        'stores'}
_STATUS = {'active': 'ACTIVE', 'queued': 'SAVING', 'saving': 'SAVING',
           'uploading': 'SAVING', 'importing': 'SAVING', 'deleted': 'DELETED',
           'pending_delete': 'DELETED', 'killed': 'ERROR'}
# Nova's filter -> the image service's (instance_uuid and image_type are properties)
_FILTERS = {'name': 'name', 'status': 'status', 'server': 'instance_uuid',
            'type': 'image_type', 'minRam': 'min_ram', 'minDisk': 'min_disk',
            'limit': 'limit', 'marker': 'marker'}
_PROPERTY = 'property-'
_PROGRESS = {'queued': 25, 'saving': 50, 'uploading': 50, 'importing': 50, 'active': 100}
_metadata_schema = {'type': 'object', 'properties': {'metadata': validation.metadata},
                    'required': ['metadata'], 'additionalProperties': False}
_meta_schema = {'type': 'object',
                'properties': {'meta': dict(validation.metadata, minProperties=1,
                                            maxProperties=1)},
                'required': ['meta'], 'additionalProperties': False}


def list_query(params):
    """Nova's image list filters (the image API v1 names) as the image service's v2 query:
    ``server`` (an id or a server link) and ``type`` are the custom properties a snapshot
    carries, ``property-<name>`` any other, ``changes-since`` the update time."""
    query = {}
    for key, value in params.items():
        if not value:
            continue
        if key in _FILTERS:
            query[_FILTERS[key]] = value
        elif key.startswith(_PROPERTY) and len(key) > len(_PROPERTY):
            query[key[len(_PROPERTY):]] = value
        elif key == 'changes-since':
            query['updated_at'] = 'gte:' + value
    if 'instance_uuid' in query:
        query['instance_uuid'] = query['instance_uuid'].rstrip('/').rsplit('/', 1)[-1]
    if 'status' in query:
        query['status'] = query['status'].lower()
    return query


def properties(image):
    return {k: v for k, v in image.items() if k not in _FIXED}


def _links(req, image_id, glance_url):
    return [{'rel': 'self', 'href': req.link('images', image_id)},
            {'rel': 'bookmark', 'href': req.bookmark('images', image_id)},
            {'rel': 'alternate', 'type': 'application/vnd.openstack.image',
             'href': '%s/images/%s' % (glance_url, image_id)}]


def _basic(req, image, glance_url):
    return {'id': image['id'], 'name': image.get('name'),
            'links': _links(req, image['id'], glance_url)}


def _detail(req, image, glance_url):
    view = _basic(req, image, glance_url)
    props = properties(image)
    view.update({'minRam': image.get('min_ram') or 0, 'minDisk': image.get('min_disk') or 0,
                 'metadata': props, 'created': image.get('created_at'),
                 'updated': image.get('updated_at'),
                 'status': _STATUS.get(image.get('status'), 'UNKNOWN'),
                 'progress': _PROGRESS.get(image.get('status'), 0),
                 'OS-EXT-IMG-SIZE:size': image.get('size')})
    if props.get('auto_disk_config') is not None:  # Nova's view: the image's disk config
        auto = validation.to_bool(str(props['auto_disk_config']).strip())
        view['OS-DCF:diskConfig'] = 'AUTO' if auto else 'MANUAL'
    if props.get('instance_uuid'):
        uuid = props['instance_uuid']
        view['server'] = {'id': uuid, 'links': [
            {'rel': 'self', 'href': req.link('servers', uuid)},
            {'rel': 'bookmark', 'href': req.bookmark('servers', uuid)}]}
    return view


class _Base(proxy.ProxyController):

    service = 'images'

    def _glance_url(self):
        return self.client.auth.endpoint('image')

    def _get(self, req, image_id):
        return proxy.call(self.client, 'GET', service_client.path('/v2/images/%s', image_id),
                          req.context, not_found=exception.NotFound(_NOT_FOUND))

    def _patch(self, req, image, new_props):
        """Replace the image's custom properties with ``new_props`` (JSON patch)."""
        old = properties(image)
        ops = [{'op': 'remove', 'path': '/' + k} for k in old if k not in new_props]
        ops += [{'op': 'replace' if k in old else 'add', 'path': '/' + k, 'value': v}
                for k, v in new_props.items() if old.get(k) != v]
        if not ops:
            return image
        url = self._glance_url() + service_client.path('/v2/images/%s', image['id'])
        resp = service_client.send(
            self.conf, 'PATCH', url, json=ops, timeout=self.conf.service_user.timeout,
            headers={'X-Auth-Token': req.context.auth_token or '',
                     'Content-Type': 'application/openstack-images-v2.1-json-patch'})
        if resp.status_code == 404:
            raise exception.NotFound(_NOT_FOUND)
        if resp.status_code == 403:
            raise exception.Forbidden('You are not allowed to modify the image.')
        if resp.status_code != 200:
            raise exception.Invalid('Invalid image metadata')
        return resp.json()


class ImagesController(_Base):

    def _list(self, req):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'list', {})
        query = urllib.parse.urlencode(list_query(req.GET))
        body = proxy.call(self.client, 'GET', '/v2/images' + ('?' + query if query else ''),
                          req.context)
        return body['images']

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def index(self, req):
        url = self._glance_url()
        return {'images': [_basic(req, i, url) for i in self._list(req)]}

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def detail(self, req):
        url = self._glance_url()
        return {'images': [_detail(req, i, url) for i in self._list(req)]}

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def show(self, req, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'show', {})
        return {'image': _detail(req, self._get(req, id), self._glance_url())}

    @wsgi.response(204)
    def delete(self, req, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'delete', {})
        proxy.call(self.client, 'DELETE', service_client.path('/v2/images/%s', id),
                   req.context, not_found=exception.NotFound(_NOT_FOUND),
                   messages={403: 'You are not allowed to delete the image.'})


class ImageMetadataController(_Base):

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def index(self, req, image_id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'list', {})
        return {'metadata': properties(self._get(req, image_id))}

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def show(self, req, image_id, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'show', {})
        props = properties(self._get(req, image_id))
        if id not in props:
            raise exception.NotFound('Invalid metadata key')
        return {'meta': {id: props[id]}}

    def create(self, req, image_id, body):
        """POST: merge the given keys into the image's metadata."""
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'create', {})
        validation.validate(_metadata_schema, body)
        image = self._get(req, image_id)
        merged = dict(properties(image), **body['metadata'])
        return {'metadata': properties(self._patch(req, image, merged))}

    def update_all(self, req, image_id, body):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'update_all', {})
        validation.validate(_metadata_schema, body)
        image = self._get(req, image_id)
        return {'metadata': properties(self._patch(req, image, dict(body['metadata'])))}

    def update(self, req, image_id, id, body):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'update', {})
        validation.validate(_meta_schema, body)
        if id not in body['meta']:
            raise exception.Invalid('Request body and URI mismatch')
        image = self._get(req, image_id)
        merged = dict(properties(image), **body['meta'])
        props = properties(self._patch(req, image, merged))
        return {'meta': {id: props.get(id)}}

    @wsgi.response(204)
    def delete(self, req, image_id, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'delete', {})
        image = self._get(req, image_id)
        props = properties(image)
        if id not in props:
            raise exception.NotFound('Invalid metadata key')
        del props[id]
        self._patch(req, image, props)
