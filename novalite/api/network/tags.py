"""Neutron tags (``standard-attr-tag``): /v2.0/<collection>/{id}/tags[/{tag}] for every
tagged collection, one controller.

The collection comes from the matched path (router.TAGGED lists the tagged collections);
``COLLECTIONS`` says, per collection, how to fetch a resource, its tag type in the database
and its policy target. A new tagged collection is one entry here plus its name in
router.TAGGED (and the db side described in novalite/db/network_tags.py).

Status codes and checks as Neutron's TaggingController: GET tags 200, GET tag 204 (404
TagNotFound), PUT tags 200 (replace all), PUT tag 201, DELETE tag/tags 204; a tag is a string
of at most 255 characters, a tags body ``{"tags": [unique strings]}``.
"""
import collections

from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import common
from novalite.db import floating_ips as fip_db
from novalite.db import network as network_db
from novalite.db import network_tags as tags_db
from novalite.db import routers as router_db
from novalite.db import subnetpools as subnetpool_db

MAX_TAG_LEN = 255

Tagged = collections.namedtuple('Tagged', 'resource_type get target get_action')

COLLECTIONS = {
    'networks': Tagged('network', network_db.network_get, common.network_target,
                       'get_network'),
    'subnets': Tagged('subnet', network_db.subnet_get, common.child_target, 'get_subnet'),
    'ports': Tagged('port', network_db.port_get, common.child_target, 'get_port'),
    'routers': Tagged('router', router_db.router_get, common.owned_target, 'get_router'),
    'security-groups': Tagged('security_group', network_db.sg_get, common.owned_target,
                              'get_security_group'),
    'subnetpools': Tagged('subnetpool', subnetpool_db.subnetpool_get,
                          subnetpool_db.target, 'get_subnetpool'),
    'floatingips': Tagged('floatingip', fip_db.fip_get, common.owned_target,
                          'get_floatingip'),
}


def validate_tag(tag):
    if not isinstance(tag, str):
        raise errors.InvalidInput(error_message="'%s' is not a valid string" % (tag,))
    if len(tag) > MAX_TAG_LEN:
        raise errors.InvalidInput(error_message="'%s' exceeds maximum length of %s"
                                  % (tag, MAX_TAG_LEN))


def validate_tags(body):
    """A ``{"tags": [...]}`` body (also used for ``tags`` in a port's POST)."""
    if not isinstance(body, dict) or 'tags' not in body:
        raise errors.InvalidInput(error_message='Invalid tags body')
    validate_tag_list(body['tags'])
    return body['tags']


def validate_tag_list(tags):
    if not isinstance(tags, list):
        raise errors.InvalidInput(error_message="'%s' is not a list" % (tags,))
    for tag in tags:
        validate_tag(tag)
    dups = sorted({t for t in tags if tags.count(t) > 1})
    if dups:
        raise errors.InvalidInput(error_message="Duplicate items in the list: '%s'"
                                  % ', '.join(dups))


class TagsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req, id):
        kind = self._resource(req, id, 'get')
        return {'tags': tags_db.tags_of(kind.resource_type, [id])[id]}

    @wsgi.response(204)
    def show(self, req, id, tag):
        validate_tag(tag)
        kind = self._resource(req, id, 'get')
        if not tags_db.has(kind.resource_type, id, tag):
            raise errors.TagNotFound(tag=tag)

    def update_all(self, req, id, body=None):
        tags = validate_tags(body)
        kind = self._resource(req, id, 'update')
        return {'tags': tags_db.replace(kind.resource_type, id, tags)}

    @wsgi.response(201)
    def update(self, req, id, tag):
        validate_tag(tag)
        kind = self._resource(req, id, 'update')
        tags_db.add(kind.resource_type, id, tag)

    @wsgi.response(204)
    def delete(self, req, id, tag):
        validate_tag(tag)
        kind = self._resource(req, id, 'delete')
        tags_db.remove(kind.resource_type, id, tag)

    @wsgi.response(204)
    def delete_all(self, req, id):
        kind = self._resource(req, id, 'delete')
        tags_db.clear(kind.resource_type, id)

    @staticmethod
    def _resource(req, resource_id, action):
        """The collection's entry, once the caller may see the resource (else 404) and may
        ``action`` its tags (else 403)."""
        collection = req.path_info.split('/')[2]
        kind = COLLECTIONS[collection]
        ctx = req.context
        item = kind.get(resource_id)
        missing = errors.TagResourceNotFound(resource=collection.replace('-', '_'),
                                             resource_id=resource_id)
        if item is None:
            raise missing
        target = kind.target(item)
        if not common.allowed(ctx, kind.get_action, target):
            raise missing
        common.authorize(ctx, '%s_%s:tags' % (action, kind.resource_type), target)
        return kind
