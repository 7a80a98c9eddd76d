"""/servers/{id}/tags (microversion 2.26): a server's tags (Nova's ServerTagsController).

GET lists, PUT replaces all, DELETE removes all; /tags/{tag} checks (204/404), adds (201 with
Location, 204 when already there) and removes one. Changes are allowed while the server is
active, paused, suspended or stopped (Nova's _check_instance_in_valid_state; locks do not
apply); the write is a compare-and-swap on that vm_state. Below 2.26 every route is 404.
"""
import jsonschema

from novalite import exception
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import common
from novalite.api.compute.schemas import server_tags as schemas
from novalite.compute import api as compute_api

P = 'os_compute_api:os-server-tags:%s'
_TAG_VALIDATOR = jsonschema.Draft4Validator(schemas.tag)


class ServerTagsController:

    def __init__(self, conf):
        self.conf = conf
        self.compute_api = compute_api.API(conf)

    # ------------------------------------------------------------------ read
    def index(self, req, id):
        inst = self._get(req, id, 'index')
        return {'tags': list(inst['tags'] or [])}

    @wsgi.response(204)
    def show(self, req, id, tag):
        inst = self._get(req, id, 'show')
        if tag not in (inst['tags'] or []):
            raise exception.NotFound("Server %s has no tag '%s'" % (id, tag))

    # ------------------------------------------------------------------ write
    def update_all(self, req, id, body):
        _check_version(req)
        validation.validate(schemas.update_all, body)
        inst = self._get(req, id, 'update_all', 'update tags')
        tags = list(dict.fromkeys(body['tags']))  # duplicates collapse, order is kept
        self.compute_api.update_tags(req.context, inst, tags, 'update tags')
        return {'tags': tags}

    def update(self, req, id, tag, body=None):
        _check_version(req)
        validation.validate(schemas.update, body)
        inst = self._get(req, id, 'update', 'update tag')
        errors = sorted(_TAG_VALIDATOR.iter_errors(tag), key=str)
        if errors:
            raise exception.Invalid(
                "Tag '%s' is invalid. It must be a non empty string without characters '/' "
                "and ','. Validation error message: %s" % (tag, errors[0].message))
        tags = list(inst['tags'] or [])
        if len(tags) >= schemas.MAX_TAG_COUNT:
            raise exception.Invalid('The number of tags exceeded the per-server limit %d'
                                    % schemas.MAX_TAG_COUNT)
        if tag in tags:
            return wsgi.ResponseObject(None, status=204)
        self.compute_api.update_tags(req.context, inst, tags + [tag], 'update tag')
        return wsgi.ResponseObject(None, status=201, headers={
            'Location': req.link('servers', id, 'tags', tag)})

    @wsgi.response(204)
    def delete(self, req, id, tag):
        inst = self._get(req, id, 'delete', 'delete tag')
        tags = list(inst['tags'] or [])
        if tag not in tags:
            raise exception.NotFound("Instance %s has no tag '%s'" % (id, tag))
        tags.remove(tag)
        self.compute_api.update_tags(req.context, inst, tags, 'delete tag')

    @wsgi.response(204)
    def delete_all(self, req, id):
        inst = self._get(req, id, 'delete_all', 'delete tags')
        self.compute_api.update_tags(req.context, inst, [], 'delete tags')

    # ------------------------------------------------------------------ helpers
    def _get(self, req, uuid, rule, action=None):
        """The server (404), the policy (403) and, for changes, its state (409)."""
        _check_version(req)
        inst = common.get_instance(req, uuid, P % rule)
        if action:
            compute_api.check_record_state(inst, action)
        return inst


def _check_version(req):
    if req.legacy_v2 or req.api_version < mv.SERVER_TAGS:
        raise exception.NotFound('The resource could not be found.')
