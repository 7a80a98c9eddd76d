"""Neutron subnet pools: /v2.0/subnetpools[/{id}] (``subnet_allocation``, ``subnetpool``,
``default-subnetpools``), and the choice of a new subnet's CIDR from a pool."""
import netaddr

from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import attributes
from novalite.api.network import common
from novalite.api.network import revisions
from novalite.db import network_quotas
from novalite.db import subnetpools as pool_db

A = attributes
SUBNETPOOL = dict(A.STANDARD, **{
    'name': A.Attr(validate=A.not_empty_string()),
    'prefixes': A.Attr(validate=A.subnet_cidr_list),
    'default_quota': A.Attr(default=None, convert=lambda v: v if v is None else A.to_int(v),
                            validate=lambda v: v is not None and A.non_negative(v) or None),
    'ip_version': A.RO,
    'default_prefixlen': A.Attr(default=A.UNSET, convert=A.to_int, validate=A.non_negative),
    'min_prefixlen': A.Attr(default=A.UNSET, convert=A.to_int, validate=A.non_negative),
    'max_prefixlen': A.Attr(default=A.UNSET, convert=A.to_int, validate=A.non_negative),
    'is_default': A.Attr(default=False, convert=A.to_bool),
    'shared': A.Attr(put=False, default=False, convert=A.to_bool),
    'address_scope_id': A.Attr(default=None, validate=A.uuid_or_none),
})
FILTERABLE = ('id', 'name', 'tenant_id', 'project_id', 'default_quota', 'ip_version',
              'default_prefixlen', 'min_prefixlen', 'max_prefixlen', 'is_default', 'shared',
              'address_scope_id', 'description', 'revision_number')


def _not_found(pool_id):
    return errors.SubnetPoolNotFound(subnetpool_id=pool_id)


def get_visible(ctx, pool_id):
    pool = pool_db.subnetpool_get(pool_id)
    if pool is None or not common.allowed(ctx, 'get_subnetpool', pool_db.target(pool)):
        raise _not_found(pool_id)
    return pool


class SubnetPoolsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        pools = [p for p in pool_db.subnetpool_list(common.scope(ctx))
                 if common.allowed(ctx, 'get_subnetpool', pool_db.target(p))]
        return common.index(req, 'subnetpools', pools, common.view, FILTERABLE, _not_found)

    def show(self, req, id):
        return {'subnetpool': common.select_fields(req, common.view(
            get_visible(req.context, id)))}

    def create(self, req, body=None):
        return common.create(req, body, 'subnetpool', 'subnetpools', self._create,
                             self._undo)

    def _create(self, ctx, data):
        data = A.prepare(SUBNETPOOL, data, ctx, create=True)
        target = pool_db.target(data)
        common.authorize(ctx, 'create_subnetpool', target)
        for name in ('shared', 'is_default'):
            if data.get(name):
                common.authorize(ctx, 'create_subnetpool:' + name, target)
        self._check_scope(ctx, data)
        return common.view(pool_db.subnetpool_create(
            pool_db.read(data), quota=network_quotas.guard('subnetpool', data['project_id'])))

    def _undo(self, ctx, pool_id):
        pool_db.subnetpool_delete(pool_id)

    def update(self, req, id, body=None):
        ctx = req.context
        values = common.update_body(body, 'subnetpool', SUBNETPOOL, ctx)
        pool = pool_db.subnetpool_get(id)
        if pool is None:
            raise _not_found(id)
        target = pool_db.target(pool)
        common.check_writable(ctx, 'update_subnetpool', target, 'get_subnetpool',
                              _not_found(id))
        if 'is_default' in values:
            common.authorize(ctx, 'update_subnetpool:is_default', target)
        revisions.check(req, pool)
        merged = dict(pool, **values)
        self._check_scope(ctx, merged)
        return {'subnetpool': common.view(pool_db.subnetpool_update(id, pool_db.read(merged)))}

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        pool = pool_db.subnetpool_get(id)
        if pool is None:
            raise _not_found(id)
        common.check_writable(ctx, 'delete_subnetpool', pool_db.target(pool),
                              'get_subnetpool', _not_found(id))
        revisions.check(req, pool)
        pool_db.subnetpool_delete(id)

    @staticmethod
    def _check_scope(ctx, data):
        """The address scope must be the caller's own or shared (Neutron's is_accessible)."""
        scope_id = data.get('address_scope_id')
        if not scope_id:
            return
        scope = pool_db.scope_get(scope_id)
        if scope is None or not (ctx.is_admin or scope['shared'] or
                                 scope['project_id'] == ctx.project_id):
            if scope is None:
                raise errors.AddressScopeNotFound(address_scope_id=scope_id)
            raise errors.IllegalSubnetPoolAssociationToAddressScope(
                subnetpool_id=data.get('id', ''), address_scope_id=scope_id)


# --------------------------------------------------------------------------- subnets

def _bad(msg):
    return errors.SubnetBadRequest(resource='subnets', msg=msg)


def allocate_cidr(ctx, data):
    """Neutron's create_subnet prelude: cidr host bits cleared; ``subnetpool_id`` or
    ``use_default_subnetpool`` picks a pool, which gives the CIDR (``prefixlen`` or the
    pool's default_prefixlen when no cidr is asked for)."""
    prefixlen = data.pop('prefixlen', None)
    use_default = data.pop('use_default_subnetpool', False)
    pool_id = data.get('subnetpool_id')
    if 'cidr' in data and prefixlen is not None:
        raise _bad('cidr and prefixlen must not be supplied together')
    if 'cidr' in data:
        net = netaddr.IPNetwork(data['cidr'])
        data['cidr'] = '%s/%s' % (net.network, net.prefixlen)
    if use_default and pool_id:
        raise _bad('subnetpool_id and use_default_subnetpool cannot both be specified')
    if use_default:
        pool = pool_db.default_pool(data['ip_version'])
        if pool is None:
            raise _bad('No default subnetpool found for IPv%s' % data['ip_version'])
        pool_id = pool['id']
    if not pool_id:
        data['subnetpool_id'] = None
        if 'cidr' not in data:
            raise _bad('a subnetpool must be specified in the absence of a cidr')
        return
    pool = get_visible(ctx, pool_id)
    if data['ip_version'] != pool['ip_version']:
        raise _bad('Cannot allocate IPv%s subnet from IPv%s subnet pool'
                   % (data['ip_version'], pool['ip_version']))
    if 'cidr' not in data and data.get('allocation_pools'):
        raise _bad('allocation_pools allowed only for specific subnet requests.')
    cidr = data.get('cidr')
    if cidr is None and data.get('gateway_ip'):
        gateway = netaddr.IPNetwork('%s/%s' % (data['gateway_ip'], prefixlen or
                                               pool['default_prefixlen']))
        cidr = str(gateway.cidr)
    data['cidr'] = pool_db.allocate(pool, data['project_id'], cidr, prefixlen)
    data['subnetpool_id'] = pool['id']
