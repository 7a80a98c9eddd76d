"""/v3/policies: opaque policy blobs with a type, stored for other services (Keystone's
policy API; Keystone itself does not enforce them, neither does novalite)."""
import uuid

from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import schemas_delegation as schemas
from novalite.api import wsgi
from novalite.db import identity_credentials as cred_db

_COLUMNS = ('type', 'blob')


def _view(req, row):
    body = dict(row.extra or {})
    body.update({'id': row.id, 'type': row.type, 'blob': row.blob,
                 'links': common.self_links(req, 'policies', row.id)})
    return body


class PoliciesController:

    def __init__(self, conf):
        self.conf = conf

    def create(self, req, body=None):
        common.authorize(req, 'identity:create_policy')
        entity = common.member(body, 'policy')
        common.validate(schemas.policy_create, entity)
        values, extra = common.split(entity, _COLUMNS)
        row = cred_db.create_policy(dict(values, id=uuid.uuid4().hex, extra=extra))
        return wsgi.ResponseObject({'policy': _view(req, row)}, status=201)

    def index(self, req):
        common.authorize(req, 'identity:list_policies')
        rows = cred_db.list_policies(type=req.GET.get('type'))
        return common.collection(req, 'policies', [_view(req, r) for r in rows])

    def show(self, req, id):
        common.authorize(req, 'identity:get_policy')
        row = cred_db.get_policy(id)
        if row is None:
            raise errors.PolicyNotFound(policy_id=id)
        return {'policy': _view(req, row)}

    def update(self, req, id, body=None):
        common.authorize(req, 'identity:update_policy')
        entity = common.member(body, 'policy')
        common.validate(schemas.policy_update, entity)
        common.require_matching_id(entity, id)
        row = cred_db.get_policy(id)
        if row is None:
            raise errors.PolicyNotFound(policy_id=id)
        values, extra = common.split(entity, _COLUMNS)
        values['extra'] = dict(row.extra or {}, **extra)
        return {'policy': _view(req, cred_db.update_policy(id, values))}

    @wsgi.response(204)
    def delete(self, req, id):
        common.authorize(req, 'identity:delete_policy')
        if not cred_db.delete_policy(id):
            raise errors.PolicyNotFound(policy_id=id)
