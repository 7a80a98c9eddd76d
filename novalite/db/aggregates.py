"""Data access for host aggregates: the aggregates, their hosts and metadata.

An aggregate is returned as a dict with its row's columns plus ``hosts`` (sorted as added)
and ``metadata`` ({key: value}); ``availability_zone`` is the metadata key of that name.
"""
import uuid as uuidlib

import sqlalchemy as sa

from novalite import exception
from novalite.db import models
from novalite.db import session as db

AZ_KEY = 'availability_zone'
_AGG = models.Aggregate.__table__
_HOSTS = models.AggregateHost.__table__
_META = models.AggregateMetadata.__table__


def _load(conn, rows):
    ids = [r['id'] for r in rows]
    hosts, meta = {}, {}
    if ids:
        for agg_id, host in conn.execute(sa.select(_HOSTS.c.aggregate_id, _HOSTS.c.host)
                                         .where(_HOSTS.c.aggregate_id.in_(ids))
                                         .order_by(_HOSTS.c.id)):
            hosts.setdefault(agg_id, []).append(host)
        for agg_id, key, value in conn.execute(
                sa.select(_META.c.aggregate_id, _META.c.key, _META.c.value)
                .where(_META.c.aggregate_id.in_(ids))):
            meta.setdefault(agg_id, {})[key] = value
    out = []
    for row in rows:
        agg = dict(row)
        agg['hosts'] = hosts.get(agg['id'], [])
        agg['metadata'] = meta.get(agg['id'], {})
        agg['availability_zone'] = agg['metadata'].get(AZ_KEY)
        out.append(agg)
    return out


def _get(conn, aggregate_id):
    row = conn.execute(sa.select(_AGG).where(_AGG.c.id == aggregate_id)).mappings().first()
    if row is None:
        raise exception.AggregateNotFound(aggregate_id=aggregate_id)
    return _load(conn, [row])[0]


def aggregate_get(aggregate_id):
    with db.get_engine().connect() as conn:
        return _get(conn, aggregate_id)


def aggregate_get_all():
    with db.get_engine().connect() as conn:
        rows = conn.execute(sa.select(_AGG).order_by(_AGG.c.id)).mappings().all()
        return _load(conn, rows)


def aggregate_get_by_host(host):
    """The aggregates ``host`` is in."""
    with db.get_engine().connect() as conn:
        ids = sa.select(_HOSTS.c.aggregate_id).where(_HOSTS.c.host == host)
        rows = conn.execute(sa.select(_AGG).where(_AGG.c.id.in_(ids))
                            .order_by(_AGG.c.id)).mappings().all()
        return _load(conn, rows)


def _name_taken(conn, name, exclude_id=None):
    q = sa.select(_AGG.c.id).where(_AGG.c.name == name)
    if exclude_id is not None:
        q = q.where(_AGG.c.id != exclude_id)
    return conn.execute(q).first() is not None


def aggregate_create(name, metadata=None):
    """Create an aggregate; 409 when one of that name exists."""
    now = models.utcnow()
    try:
        with db.get_engine().begin() as conn:
            if _name_taken(conn, name):
                raise exception.AggregateNameExists(aggregate_name=name)
            new_id = conn.execute(sa.insert(_AGG).values(
                uuid=str(uuidlib.uuid4()), name=name, created_at=now)).inserted_primary_key[0]
            for key, value in (metadata or {}).items():
                conn.execute(sa.insert(_META).values(aggregate_id=new_id, key=key,
                                                     value=value))
            return _get(conn, new_id)
    except sa.exc.IntegrityError:
        raise exception.AggregateNameExists(aggregate_name=name)


def aggregate_update_name(aggregate_id, name):
    try:
        with db.get_engine().begin() as conn:
            _get(conn, aggregate_id)
            if _name_taken(conn, name, exclude_id=aggregate_id):
                raise exception.AggregateNameExists(aggregate_name=name)
            conn.execute(sa.update(_AGG).where(_AGG.c.id == aggregate_id)
                         .values(name=name, updated_at=models.utcnow()))
    except sa.exc.IntegrityError:
        raise exception.AggregateNameExists(aggregate_name=name)


def aggregate_metadata_update(aggregate_id, metadata):
    """Set the given keys; a None value deletes its key. Returns the aggregate."""
    with db.get_engine().begin() as conn:
        _get(conn, aggregate_id)
        for key, value in metadata.items():
            conn.execute(sa.delete(_META).where(_META.c.aggregate_id == aggregate_id,
                                                _META.c.key == key))
            if value is not None:
                conn.execute(sa.insert(_META).values(aggregate_id=aggregate_id, key=key,
                                                     value=value))
        conn.execute(sa.update(_AGG).where(_AGG.c.id == aggregate_id)
                     .values(updated_at=models.utcnow()))
        return _get(conn, aggregate_id)


def aggregate_destroy(aggregate_id):
    with db.get_engine().begin() as conn:
        _get(conn, aggregate_id)
        conn.execute(sa.delete(_META).where(_META.c.aggregate_id == aggregate_id))
        conn.execute(sa.delete(_HOSTS).where(_HOSTS.c.aggregate_id == aggregate_id))
        conn.execute(sa.delete(_AGG).where(_AGG.c.id == aggregate_id))


def aggregate_host_add(aggregate_id, host):
    try:
        with db.get_engine().begin() as conn:
            agg = _get(conn, aggregate_id)
            if host in agg['hosts']:
                raise exception.AggregateHostExists(aggregate_id=aggregate_id, host=host)
            conn.execute(sa.insert(_HOSTS).values(aggregate_id=aggregate_id, host=host,
                                                  created_at=models.utcnow()))
            return _get(conn, aggregate_id)
    except sa.exc.IntegrityError:
        raise exception.AggregateHostExists(aggregate_id=aggregate_id, host=host)


def aggregate_host_delete(aggregate_id, host):
    with db.get_engine().begin() as conn:
        _get(conn, aggregate_id)
        deleted = conn.execute(sa.delete(_HOSTS).where(
            _HOSTS.c.aggregate_id == aggregate_id, _HOSTS.c.host == host)).rowcount
        if not deleted:
            raise exception.AggregateHostNotFound(aggregate_id=aggregate_id, host=host)
        return _get(conn, aggregate_id)


def aggregates_by_host():
    """{host: [aggregate, ...]} for every host in some aggregate (the scheduler's view)."""
    out = {}
    for agg in aggregate_get_all():
        for host in agg['hosts']:
            out.setdefault(host, []).append(agg)
    return out


def host_availability_zones():
    """{host: zone} of the hosts in an aggregate with an availability zone; the others
    (not listed) are in the default zone. A host in several zones gets them joined by ','
    as Nova shows it (the API refuses to make that happen)."""
    zones = {}
    for host, aggs in aggregates_by_host().items():
        names = sorted({a['availability_zone'] for a in aggs if a['availability_zone']})
        if names:
            zones[host] = ','.join(names)
    return zones


def instance_count_on_hosts(hosts):
    """How many live instances the hosts hold."""
    if not hosts:
        return 0
    i = models.Instance.__table__
    with db.get_engine().connect() as conn:
        return conn.execute(sa.select(sa.func.count(i.c.id)).where(
            i.c.host.in_(list(hosts)), i.c.deleted.is_(False))).scalar_one()
