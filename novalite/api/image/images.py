"""Glance v2 images: list, create, show, JSON-patch update, delete, tags, (de)activation."""
import urllib.parse

from novalite import exception
from novalite import exception_image as errors
from novalite.api import wsgi
from novalite.api.image import access
from novalite.api.image import parsing
from novalite.api.image import views
from novalite.db import image as image_db

TAG_QUOTA = 128
PROPERTY_QUOTA = 128
DB_FILTERS = ('id', 'name', 'status', 'owner', 'container_format', 'disk_format')
INT_COLUMNS = ('size', 'virtual_size', 'min_ram', 'min_disk')
STR_COLUMNS = ('checksum', 'os_hash_algo', 'os_hash_value')


def visible(context, img):
    """Glance's rule: admins see all; others their own, public, community, ownerless and
    shared-with (a membership of any status)."""
    if img is None:
        return False
    if context.is_admin or img['owner'] is None or img['owner'] == context.project_id:
        return True
    if img['visibility'] in ('public', 'community'):
        return True
    return img['visibility'] == 'shared' and img['member_status'] is not None


def get_visible(context, image_id, message=None):
    img = image_db.get_image(image_id, project_id=context.project_id)
    if not visible(context, img):
        if message:
            raise errors.ImageNotFound(message % image_id)
        raise errors.ImageNotFound(image_id=image_id)
    return img


class ImagesController:

    def __init__(self, conf):
        self.conf = conf

    # ------------------------------------------------------------------- collection
    def index(self, req):
        ctx = req.context
        access.authorize(ctx, 'get_images')
        query, paging = parsing.index_params(req.GET)
        images = _sorted(self._filtered(ctx, query), paging)
        page, more = _page(ctx, images, paging)
        params = [(k, v) for k, v in req.GET.items() if k != 'marker']
        body = {'images': [views.image(i) for i in page], 'first': '/v2/images',
                'schema': '/v2/schemas/images'}
        if params:
            body['first'] += '?' + urllib.parse.urlencode(params)
        if more:
            body['next'] = '/v2/images?' + urllib.parse.urlencode(
                params + [('marker', page[-1]['id'])])
        return body

    def _filtered(self, ctx, query):
        filters = dict(query['filters'])
        db_filters = {}
        for name in DB_FILTERS:
            if name in filters:
                values = parsing.in_values(filters.pop(name))
                db_filters[name] = values if len(values) > 1 else values[0]
        images = image_db.list_images(ctx.project_id, ctx.is_admin, query['visibility'],
                                      query['member_status'], **db_filters)
        tests = [_tag_test(query['tags'])] + [_filter_test(k, v) for k, v in filters.items()]
        return [i for i in images if all(test(i) for test in tests)]

    @wsgi.response(201)
    def create(self, req, body=None):
        ctx = req.context
        image, properties, tags = parsing.create_body(body)
        image.setdefault('owner', ctx.project_id)
        image.setdefault('visibility', 'shared')
        access.authorize(ctx, 'add_image', image)
        _authorize_visibility(ctx, image['visibility'], image)
        _check_quotas(properties, tags)
        image.update(properties=properties, tags=tags, status='queued')
        img = image_db.create_image(image)
        location = req.host_url + req.script_name + '/v2/images/' + img['id']
        return wsgi.ResponseObject(views.image(img), status=201,
                                   headers={'Location': location})

    # ------------------------------------------------------------------- member
    def show(self, req, id):
        ctx = req.context
        img = get_visible(ctx, id)
        access.authorize(ctx, 'get_image', img)
        return views.image(img)

    def tasks(self, req, id):
        """GET /v2/images/{id}/tasks (v2.12): the image's import tasks. Uploads here are
        synchronous and there is no import API, so there never are any."""
        ctx = req.context
        img = get_visible(ctx, id)
        access.authorize(ctx, 'get_image', img)
        return {'tasks': []}

    def update(self, req, id):
        ctx = req.context
        changes = parsing.patch_body(req)
        img = get_visible(ctx, id)
        access.authorize(ctx, 'modify_image', img)
        for change in changes:
            _precheck(ctx, change, img)
        img = image_db.update_image(id, lambda current: _apply(current, changes))
        if img is None:
            raise errors.ImageNotFound(image_id=id)
        return views.image(img)

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        img = get_visible(ctx, id, 'Failed to find image %s to delete')
        access.authorize(ctx, 'delete_image', img)
        if img['protected']:
            raise errors.ProtectedImageDelete(image_id=id)
        if not image_db.delete_image(id):
            img = get_visible(ctx, id, 'Failed to find image %s to delete')
            raise errors.ProtectedImageDelete(image_id=id)
        image_db.delete_data(self.conf, id)

    # ------------------------------------------------------------------- tags
    @wsgi.response(204)
    def add_tag(self, req, id, tag):
        ctx = req.context
        img = get_visible(ctx, id, 'Image %s not found.')
        access.authorize(ctx, 'modify_image', img)
        if len(tag) > 255:
            raise parsing.bad("Could not update image: Provided object does not match "
                              "schema 'image': '%s' is too long" % tag)

        def add(current):
            if tag in current['tags']:
                return {}
            if len(current['tags']) >= TAG_QUOTA:
                raise exception.RequestEntityTooLarge(
                    'Image tag limit exceeded for image %s: Maximum number of tags '
                    'exceeded (%d)' % (id, TAG_QUOTA))
            return {'tags': current['tags'] + [tag]}
        if image_db.update_image(id, add) is None:
            raise errors.ImageNotFound('Image %s not found.' % id)

    @wsgi.response(204)
    def delete_tag(self, req, id, tag):
        ctx = req.context
        img = get_visible(ctx, id, 'Image %s not found.')
        access.authorize(ctx, 'modify_image', img)

        def remove(current):
            if tag not in current['tags']:
                raise exception.NotFound('The resource could not be found.')
            return {'tags': [t for t in current['tags'] if t != tag]}
        if image_db.update_image(id, remove) is None:
            raise errors.ImageNotFound('Image %s not found.' % id)

    # ------------------------------------------------------------------- actions
    @wsgi.response(204)
    def deactivate(self, req, id):
        self._transition(req, id, 'deactivate', 'active', 'deactivated')

    @wsgi.response(204)
    def reactivate(self, req, id):
        self._transition(req, id, 'reactivate', 'deactivated', 'active')

    def _transition(self, req, image_id, action, source, target):
        ctx = req.context
        img = get_visible(ctx, image_id)
        access.authorize(ctx, action, img)
        for _attempt in range(3):
            if img['status'] == target:
                return None
            if img['status'] != source:
                raise exception.Forbidden("Not allowed to %s image in status '%s'"
                                          % (action, img['status']))
            if image_db.set_status(image_id, source, target):
                return None
            img = get_visible(ctx, image_id)
        raise errors.InvalidStatusTransition(cur=img['status'], new=target)


# --------------------------------------------------------------------------- helpers

def _authorize_visibility(ctx, visibility, image):
    if visibility == 'public':
        access.authorize(ctx, 'publicize_image', image)
    elif visibility == 'community':
        access.authorize(ctx, 'communitize_image', image)


def _check_quotas(properties, tags):
    if len(tags) > TAG_QUOTA:
        raise exception.RequestEntityTooLarge('Maximum number of tags exceeded (%d)'
                                              % TAG_QUOTA)
    if len(properties) > PROPERTY_QUOTA:
        raise exception.RequestEntityTooLarge(
            'Attempted: %d, Maximum: %d' % (len(properties), PROPERTY_QUOTA))


def _precheck(ctx, change, img):
    """Checks that depend on who asks, done before the update transaction."""
    root = change['path'][0]
    if root == 'locations':
        raise exception.Forbidden("It's not allowed to update locations if locations are "
                                  "invisible.")
    if root == 'owner' and change['op'] != 'remove' and not ctx.is_admin:
        raise exception.Forbidden("Owner can't be updated by non admin.")
    if root == 'visibility' and change['op'] != 'remove':
        _authorize_visibility(ctx, change['value'], img)


def _apply(current, changes):
    """The column values a list of JSON-patch changes makes of ``current`` (pure)."""
    values = {name: current[name] for name in parsing.BASE_COLUMNS}
    props = dict(current['properties'])
    for change in changes:
        root, op = change['path'][0], change['op']
        base = root in parsing.BASE_COLUMNS
        exists = base or root in props
        if op == 'remove':
            if base:
                raise exception.Forbidden('Property %s may not be removed.' % root)
            if root not in props:
                raise exception.Conflict('Property %s does not exist.' % root)
            del props[root]
            continue
        if op == 'replace' and not exists:
            raise exception.Conflict('Property %s does not exist.' % root)
        if op == 'add' and exists and change['draft'] == 4:
            raise exception.Conflict('Property %s already present.' % root)
        if root in ('container_format', 'disk_format') and current['status'] != 'queued':
            raise exception.Forbidden('Attribute %s can be only replaced for a queued image.'
                                      % root)
        if base:
            values[root] = parsing.unique(change['value']) if root == 'tags' else \
                change['value']
        else:
            props[root] = change['value']
    _check_quotas(props, values['tags'])
    values['properties'] = props
    return values


def _tag_test(tags):
    return lambda img: all(tag in img['tags'] for tag in tags)


def _filter_test(name, value):
    if name in ('os_hidden', 'protected'):
        return lambda img: img[name] is value
    if name == 'size_min':
        return lambda img: img['size'] is not None and img['size'] >= value
    if name == 'size_max':
        return lambda img: img['size'] is not None and img['size'] <= value
    if name in ('created_at', 'updated_at'):
        operator, when = parsing.time_filter(name, value)
        return lambda img: _compare(operator, img[name] or img['created_at'], when)
    if name == 'visibility':
        return lambda img: True
    values = parsing.in_values(value)
    if name in INT_COLUMNS + STR_COLUMNS:
        return lambda img: str(img[name]) in values
    return lambda img: name in img['properties'] and str(img['properties'][name]) in values


def _compare(operator, left, right):
    return {'gt': left > right, 'gte': left >= right, 'lt': left < right,
            'lte': left <= right, 'eq': left == right, 'neq': left != right}[operator]


def _sorted(images, paging):
    keys = list(paging['sort_keys'])
    dirs = list(paging['sort_dirs'])
    for tie in ('created_at', 'id'):
        if tie not in keys:
            keys.append(tie)
            dirs.append(dirs[0] if dirs else 'desc')
    for key, direction in reversed(list(zip(keys, dirs))):
        images.sort(key=lambda i: (i[key] is not None, i[key] if i[key] is not None else 0),
                    reverse=direction == 'desc')
    return images


def _page(ctx, images, paging):
    """(page, more): the page after the marker, and whether a next link is due."""
    marker, limit = paging['marker'], paging['limit']
    if marker is not None:
        ids = [i['id'] for i in images]
        if marker not in ids:
            found = image_db.get_image(marker, project_id=ctx.project_id)
            if not visible(ctx, found):
                raise parsing.bad('No image found with ID %s' % marker)
            images = _sorted(images + [found], paging)
            ids = [i['id'] for i in images]
        images = images[ids.index(marker) + 1:]
    page = images[:limit]
    return page, bool(page) and len(page) == limit
