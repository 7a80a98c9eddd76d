"""Neutron address scopes: /v2.0/address-scopes[/{id}] (the ``address-scope`` extension).

An address scope has no standard attributes in Neutron (no description, revision, tags or
timestamps in its body). A shared scope cannot be unshared; one with subnet pools cannot be
deleted (409 AddressScopeInUse).
"""
from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import attributes as A
from novalite.api.network import common
from novalite.db import subnetpools as pool_db

ADDRESS_SCOPE = {
    'id': A.RO, 'tenant_id': A.PROJECT, 'project_id': A.PROJECT,
    'name': A.Attr(default='', validate=A.string()),
    'shared': A.Attr(default=False, convert=A.to_bool),
    'ip_version': A.Attr(put=False, convert=A.to_int, validate=A.values([4, 6])),
}
FILTERABLE = ('id', 'name', 'tenant_id', 'project_id', 'shared', 'ip_version')


def _not_found(scope_id):
    return errors.AddressScopeNotFound(address_scope_id=scope_id)


def _target(scope):
    return {'project_id': scope['project_id'], 'tenant_id': scope['project_id'],
            'shared': scope['shared']}


def _view(scope):
    return dict(scope, tenant_id=scope['project_id'])


class AddressScopesController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        scopes = [s for s in pool_db.scope_list(common.scope(ctx))
                  if common.allowed(ctx, 'get_address_scope', _target(s))]
        return common.index(req, 'address_scopes', scopes, _view, FILTERABLE, _not_found)

    def show(self, req, id):
        return {'address_scope': common.select_fields(req, _view(self._get(req.context, id)))}

    def create(self, req, body=None):
        return common.create(req, body, 'address_scope', 'address_scopes', self._create,
                             self._undo)

    def _create(self, ctx, data):
        data = A.prepare(ADDRESS_SCOPE, data, ctx, create=True)
        target = _target(data)
        common.authorize(ctx, 'create_address_scope', target)
        if data['shared']:
            common.authorize(ctx, 'create_address_scope:shared', target)
        return _view(pool_db.scope_create(data))

    def _undo(self, ctx, scope_id):
        pool_db.scope_delete(scope_id)

    def update(self, req, id, body=None):
        ctx = req.context
        values = common.update_body(body, 'address_scope', ADDRESS_SCOPE, ctx)
        scope = pool_db.scope_get(id)
        if scope is None:
            raise _not_found(id)
        target = _target(scope)
        common.check_writable(ctx, 'update_address_scope', target, 'get_address_scope',
                              _not_found(id))
        if 'shared' in values:
            common.authorize(ctx, 'update_address_scope:shared', target)
            if scope['shared'] and not values['shared']:
                raise errors.AddressScopeUpdateError(address_scope_id=id,
                                                     reason="Shared address scope can't "
                                                            "be unshared")
        return {'address_scope': _view(pool_db.scope_update(id, values))}

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        scope = pool_db.scope_get(id)
        if scope is None:
            raise _not_found(id)
        common.check_writable(ctx, 'delete_address_scope', _target(scope),
                              'get_address_scope', _not_found(id))
        pool_db.scope_delete(id)

    @staticmethod
    def _get(ctx, scope_id):
        scope = pool_db.scope_get(scope_id)
        if scope is None or not common.allowed(ctx, 'get_address_scope', _target(scope)):
            raise _not_found(scope_id)
        return scope
