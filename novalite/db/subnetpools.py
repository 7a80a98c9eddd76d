"""Data access for Neutron subnet pools (``subnet_allocation``) and address scopes.

A pool's prefixes are stored compacted, as Neutron's SubnetPoolReader compacts them. A
subnet allocated from a pool records ``subnetpool_id``; what is free is the pool's prefixes
minus the CIDRs of its subnets. ``allocate`` picks the CIDR (Neutron's SubnetAllocator rules:
min/max prefix length, the first fitting block of the smallest free prefix, the project's
prefix quota); ``check_free`` repeats the check inside the transaction that inserts the
subnet, so two concurrent requests cannot both take one block.
"""
import math
import operator
import uuid

import netaddr
import sqlalchemy as sa

from novalite import exception_network as errors
from novalite.db import models as M
from novalite.db import network_tags as tags
from novalite.db import session as db

VERSION_INFO = {4: {'max': 32, 'min': 8, 'quota_unit': 32},
                6: {'max': 128, 'min': 64, 'quota_unit': 64}}


# --------------------------------------------------------------------------- views

def _pool(row):
    return {'id': row.id, 'name': row.name, 'project_id': row.project_id,
            'description': row.description, 'ip_version': row.ip_version,
            'prefixes': list(row.prefixes or []),
            'default_prefixlen': row.default_prefixlen, 'min_prefixlen': row.min_prefixlen,
            'max_prefixlen': row.max_prefixlen, 'shared': row.shared,
            'is_default': row.is_default, 'default_quota': row.default_quota,
            'address_scope_id': row.address_scope_id,
            'revision_number': row.revision_number,
            'created_at': row.created_at, 'updated_at': row.updated_at or row.created_at}


def target(pool):
    return {'project_id': pool['project_id'], 'tenant_id': pool['project_id'],
            'shared': pool['shared']}


# --------------------------------------------------------------------------- reader

def compact(prefixes):
    cidrs = netaddr.IPSet(netaddr.IPNetwork(p) for p in prefixes)
    cidrs.compact()
    return [str(c.cidr) for c in cidrs.iter_cidrs()]


def read(values):
    """Neutron's SubnetPoolReader: ip_version from the prefixes, compacted prefixes and the
    prefix length bounds (min default 8 / 64, max 32 / 128, default = min), checked."""
    prefixes = values.get('prefixes')
    if not prefixes:
        raise errors.EmptySubnetPoolPrefixList()
    versions = {netaddr.IPNetwork(p).version for p in prefixes}
    if len(versions) > 1:
        raise errors.PrefixVersionMismatch()
    version = versions.pop()
    info = VERSION_INFO[version]
    result = dict(values, ip_version=version, prefixes=compact(prefixes))
    result['min_prefixlen'] = _given(values, 'min_prefixlen', info['min'])
    result['max_prefixlen'] = _given(values, 'max_prefixlen', info['max'])
    result['default_prefixlen'] = _given(values, 'default_prefixlen',
                                         result['min_prefixlen'])
    low, high, default = (result['min_prefixlen'], result['max_prefixlen'],
                          result['default_prefixlen'])
    if low < 0:
        raise errors.UnsupportedMinSubnetPoolPrefix(prefix=low, version=4)
    if low > high:
        raise _bounds('min_prefixlen', low, 'max_prefixlen', high)
    if high > info['max']:
        raise _bounds('max_prefixlen', high, 'ip_version_max', info['max'])
    if default < low:
        raise _bounds('default_prefixlen', default, 'min_prefixlen', low)
    if default > high:
        raise _bounds('default_prefixlen', default, 'max_prefixlen', high)
    return result


def _given(values, name, default):
    value = values.get(name)
    return default if value is None else value


def _bounds(kind, value, base_kind, base):
    return errors.IllegalSubnetPoolPrefixBounds(prefix_type=kind, prefixlen=value,
                                                base_prefix_type=base_kind,
                                                base_prefixlen=base)


# --------------------------------------------------------------------------- pools

@tags.with_tags('subnetpool')
def subnetpool_get(pool_id):
    with db.transaction() as s:
        row = s.get(M.SubnetPool, pool_id)
        return _pool(row) if row is not None else None


@tags.with_tags('subnetpool')
def subnetpool_list(visible_to=None, **filters):
    with db.transaction() as s:
        return [_pool(r) for r in s.scalars(_shared_query(M.SubnetPool, visible_to, filters))]


def _shared_query(model, visible_to, filters):
    """The rows of a shareable resource (pools, scopes) ``visible_to`` a project (its own
    and the shared ones; all when None) matching ``filters`` ({column: [values]}), oldest
    first."""
    query = sa.select(model)
    if visible_to is not None:
        query = query.where(sa.or_(model.project_id == visible_to, model.shared.is_(True)))
    for name, value in filters.items():
        query = query.where(getattr(model, name).in_(value))
    return query.order_by(model.created_at, model.id)


def default_pool(ip_version):
    with db.transaction() as s:
        row = s.scalars(sa.select(M.SubnetPool).where(
            M.SubnetPool.is_default.is_(True),
            M.SubnetPool.ip_version == ip_version)).first()
        return _pool(row) if row is not None else None


_COLUMNS = ('name', 'project_id', 'description', 'ip_version', 'prefixes',
            'default_prefixlen', 'min_prefixlen', 'max_prefixlen', 'shared', 'is_default',
            'default_quota', 'address_scope_id')


@tags.with_tags('subnetpool')
def subnetpool_create(values, quota=None):
    """Insert a checked pool (``read``); one default pool per IP version. ``quota``: the
    subnetpool quota check to run first in the transaction, or None."""
    now = M.utcnow()
    with db.transaction() as s:
        if quota is not None:
            quota(s)
        if values.get('is_default'):
            _check_no_other_default(s, None, values['ip_version'])
        _check_scope(s, None, values)
        row = M.SubnetPool(id=str(uuid.uuid4()), revision_number=1, created_at=now,
                           updated_at=now, **{k: values.get(k) for k in _COLUMNS})
        s.add(row)
        s.flush()
        return _pool(row)


@tags.with_tags('subnetpool')
def subnetpool_update(pool_id, values):
    """``values`` are the merged, re-read attributes (prefixes may only grow)."""
    with db.transaction() as s:
        row = s.get(M.SubnetPool, pool_id)
        if row is None:
            raise errors.SubnetPoolNotFound(subnetpool_id=pool_id)
        old = netaddr.IPSet(netaddr.IPNetwork(p) for p in row.prefixes)
        if not old.issubset(netaddr.IPSet(netaddr.IPNetwork(p) for p in values['prefixes'])):
            raise errors.IllegalSubnetPoolPrefixUpdate(
                msg='Existing prefixes must be a subset of the new prefixes')
        if values.get('is_default') and not row.is_default:
            _check_no_other_default(s, pool_id, values['ip_version'])
        _check_scope(s, pool_id, values)
        for name in _COLUMNS:
            if name in values:
                setattr(row, name, values[name])
        row.revision_number = (row.revision_number or 0) + 1
        row.updated_at = M.utcnow()
        s.flush()
        return _pool(row)


def subnetpool_delete(pool_id):
    with db.transaction() as s:
        row = s.get(M.SubnetPool, pool_id)
        if row is None:
            raise errors.SubnetPoolNotFound(subnetpool_id=pool_id)
        if s.scalar(sa.select(M.Subnet.id).where(M.Subnet.subnetpool_id == pool_id)):
            raise errors.SubnetPoolDeleteError(reason='Subnet pool has existing allocations')
        tags.purge(s, 'subnetpool', [pool_id])
        s.delete(row)


def _check_no_other_default(s, pool_id, ip_version):
    other = s.scalar(sa.select(M.SubnetPool.id).where(
        M.SubnetPool.is_default.is_(True), M.SubnetPool.ip_version == ip_version,
        M.SubnetPool.id != (pool_id or '')))
    if other:
        raise errors.InvalidInput(error_message=(
            'A default subnetpool for this IP family has already been set. Only one '
            'default may exist per IP family'))


def _check_scope(s, pool_id, values):
    """Neutron's _validate_address_scope_id: same IP version, unique prefixes in the scope
    (visibility was checked by the API)."""
    scope_id = values.get('address_scope_id')
    if not scope_id:
        return
    scope = s.get(M.AddressScope, scope_id)
    if scope is None:
        raise errors.AddressScopeNotFound(address_scope_id=scope_id)
    if scope.ip_version != values['ip_version']:
        raise errors.IllegalSubnetPoolIpVersionAssociationToAddressScope(
            subnetpool_id=pool_id or '', address_scope_id=scope_id,
            ip_version=scope.ip_version)
    mine = netaddr.IPSet(netaddr.IPNetwork(p) for p in values['prefixes'])
    for other in s.scalars(sa.select(M.SubnetPool).where(
            M.SubnetPool.address_scope_id == scope_id, M.SubnetPool.id != (pool_id or ''))):
        if mine & netaddr.IPSet(netaddr.IPNetwork(p) for p in other.prefixes):
            raise errors.AddressScopePrefixConflict()


# --------------------------------------------------------------------------- allocation

def check_affinity(s, network_id, values):
    """Subnets of one IP version on a network come from one pool (or none)."""
    for pool_id in s.scalars(sa.select(M.Subnet.subnetpool_id).where(
            M.Subnet.network_id == network_id, M.Subnet.ip_version == values['ip_version'])):
        if pool_id != values.get('subnetpool_id'):
            raise errors.NetworkSubnetPoolAffinityError()


def _allocated(s, pool_id):
    return [netaddr.IPNetwork(c) for c in s.scalars(
        sa.select(M.Subnet.cidr).where(M.Subnet.subnetpool_id == pool_id))]


def _available(pool, allocated):
    free = netaddr.IPSet(netaddr.IPNetwork(p) for p in pool['prefixes']) - \
        netaddr.IPSet(allocated)
    free.compact()
    return sorted(free.iter_cidrs(), key=operator.attrgetter('prefixlen'), reverse=True)


def allocate(pool, project_id, cidr=None, prefixlen=None):
    """The CIDR a new subnet gets from ``pool``: ``cidr`` if it is free in the pool, else
    the first block of ``prefixlen`` (default_prefixlen) that fits."""
    if cidr is not None:
        prefixlen = netaddr.IPNetwork(cidr).prefixlen
    elif prefixlen is None:
        prefixlen = pool['default_prefixlen']
    if prefixlen > pool['max_prefixlen']:
        raise errors.MaxPrefixSubnetAllocationError(prefixlen=prefixlen,
                                                    max_prefixlen=pool['max_prefixlen'])
    if prefixlen < pool['min_prefixlen']:
        raise errors.MinPrefixSubnetAllocationError(prefixlen=prefixlen,
                                                    min_prefixlen=pool['min_prefixlen'])
    with db.transaction() as s:
        return check_free(s, pool['id'], project_id, cidr, prefixlen)


def check_free(s, pool_id, project_id, cidr, prefixlen=None):
    """Inside a transaction: the CIDR to take (raises if ``cidr`` is taken or none fits)."""
    # touching the pool row serializes allocations from it (a row lock on PostgreSQL and
    # MySQL, the write lock on SQLite), as Neutron's hash update does
    s.execute(sa.update(M.SubnetPool).where(M.SubnetPool.id == pool_id)
              .values(min_prefixlen=M.SubnetPool.min_prefixlen))
    row = s.get(M.SubnetPool, pool_id)
    if row is None:
        raise errors.SubnetPoolNotFound(subnetpool_id=pool_id)
    pool = _pool(row)
    if cidr is not None:
        prefixlen = netaddr.IPNetwork(cidr).prefixlen
    _check_quota(s, pool, project_id, prefixlen)
    available = _available(pool, _allocated(s, pool_id))
    if cidr is not None:
        wanted = netaddr.IPNetwork(cidr)
        matched = netaddr.all_matching_cidrs(wanted, available)
        if len(matched) == 1 and matched[0].prefixlen <= wanted.prefixlen:
            return str(wanted.cidr)
        raise errors.SubnetAllocationError(reason='Cannot allocate requested subnet from '
                                                  'the available set of prefixes')
    for prefix in available:
        if prefixlen >= prefix.prefixlen:
            return str(next(prefix.subnet(prefixlen)))
    raise errors.SubnetAllocationError(reason='Insufficient prefix space to allocate subnet '
                                              'size /%s' % prefixlen)


def _check_quota(s, pool, project_id, prefixlen):
    """default_quota counts addresses (/32 units in IPv4, /64 in IPv6) per project."""
    quota = pool['default_quota']
    if not quota:
        return
    unit = VERSION_INFO[pool['ip_version']]['quota_unit']
    used = sum(math.pow(2, unit - netaddr.IPNetwork(c).prefixlen) for c in s.scalars(
        sa.select(M.Subnet.cidr).where(M.Subnet.subnetpool_id == pool['id'],
                                       M.Subnet.project_id == project_id)))
    if used + math.pow(2, unit - prefixlen) > quota:
        raise errors.SubnetPoolQuotaExceeded()


# --------------------------------------------------------------------------- address scopes

def _scope(row):
    return {'id': row.id, 'name': row.name, 'project_id': row.project_id,
            'shared': row.shared, 'ip_version': row.ip_version}


def scope_get(scope_id):
    with db.transaction() as s:
        row = s.get(M.AddressScope, scope_id)
        return _scope(row) if row is not None else None


def scope_list(visible_to=None, **filters):
    with db.transaction() as s:
        return [_scope(r) for r in s.scalars(_shared_query(M.AddressScope, visible_to,
                                                           filters))]


def scope_create(values):
    with db.transaction() as s:
        row = M.AddressScope(id=str(uuid.uuid4()), created_at=M.utcnow(), **values)
        s.add(row)
        s.flush()
        return _scope(row)


def scope_update(scope_id, values):
    with db.transaction() as s:
        row = s.get(M.AddressScope, scope_id)
        if row is None:
            raise errors.AddressScopeNotFound(address_scope_id=scope_id)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = M.utcnow()
        s.flush()
        return _scope(row)


def scope_delete(scope_id):
    with db.transaction() as s:
        row = s.get(M.AddressScope, scope_id)
        if row is None:
            raise errors.AddressScopeNotFound(address_scope_id=scope_id)
        if s.scalar(sa.select(M.SubnetPool.id).where(
                M.SubnetPool.address_scope_id == scope_id)):
            raise errors.AddressScopeInUse(address_scope_id=scope_id)
        s.delete(row)


# --------------------------------------------------------------------------- seed

def seed_default_pool(admin_project_id):
    """devstack's shared default IPv4 pool (10.0.0.0/8, /24 subnets), which get-me-a-network
    allocates from."""
    if default_pool(4) is not None:
        return
    subnetpool_create(read({'name': 'shared-default-subnetpool', 'project_id': admin_project_id,
                            'description': '', 'prefixes': ['10.0.0.0/8'],
                            'default_prefixlen': 24, 'shared': True, 'is_default': True,
                            'default_quota': None, 'address_scope_id': None}))
