"""/servers/{id}/metadata: a server's metadata items (Nova's ServerMetadataController).

GET lists, POST merges, PUT replaces all; /metadata/{key} shows, sets and deletes one item.
Changes are allowed, as in Nova's compute API (update_instance_metadata and
delete_instance_metadata), to an unlocked server (admins excepted) that has been launched and
is active, paused, suspended or stopped; the write is a compare-and-swap on that vm_state, so a
server that moves on meanwhile gives 409, not a lost update. The number of items is bounded by
the project's metadata_items quota. Those checks and the write are
``compute.api.API.update_metadata``.
"""
from novalite import exception
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import common
from novalite.api.compute.schemas import server_metadata as schemas
from novalite.compute import api as compute_api

P = 'os_compute_api:server-metadata:%s'


class ServerMetadataController:

    def __init__(self, conf):
        self.conf = conf
        self.compute_api = compute_api.API(conf)

    # ------------------------------------------------------------------ read
    def index(self, req, id):
        inst = self._get(req, id, 'index')
        return {'metadata': dict(inst['instance_metadata'] or {})}

    def show(self, req, id, key):
        inst = self._get(req, id, 'show')
        metadata = inst['instance_metadata'] or {}
        if key not in metadata:
            raise exception.NotFound('Metadata item was not found')
        return {'meta': {key: metadata[key]}}

    # ------------------------------------------------------------------ write
    def create(self, req, id, body):
        validation.validate(schemas.create, body)
        inst = self._get(req, id, 'create')
        return {'metadata': self._update(req, inst, body['metadata'], replace=False)}

    def update_all(self, req, id, body):
        validation.validate(schemas.update_all, body)
        inst = self._get(req, id, 'update_all')
        return {'metadata': self._update(req, inst, body['metadata'], replace=True)}

    def update(self, req, id, key, body):
        validation.validate(schemas.update, body)
        inst = self._get(req, id, 'update')
        item = body['meta']
        if key not in item:
            raise exception.Invalid('Request body and URI mismatch')
        self._update(req, inst, item, replace=False)
        return {'meta': item}

    @wsgi.response(204)
    def delete(self, req, id, key):
        inst = self._get(req, id, 'delete')
        metadata = dict(inst['instance_metadata'] or {})
        if key not in metadata:
            raise exception.NotFound('Metadata item was not found')
        del metadata[key]
        self.compute_api.update_metadata(req.context, inst, metadata, 'delete metadata')

    # ------------------------------------------------------------------ helpers
    def _get(self, req, uuid, rule):
        return common.get_instance(req, uuid, P % rule)

    def _update(self, req, inst, items, replace):
        metadata = {} if replace else dict(inst['instance_metadata'] or {})
        metadata.update(items)
        return self.compute_api.update_metadata(req.context, inst, metadata,
                                                'update metadata')
