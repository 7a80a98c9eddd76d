"""Data access for Neutron tags (``standard-attr-tag``): one table for every tagged resource.

A tag row is (resource_type, resource_id, tag). ``MODELS`` maps each tagged resource type to
its table, so a change of tags bumps the resource's revision_number (and updated_at) in the
same transaction, as Neutron's revision plugin does for a tag of a standard attribute.

To tag another resource: add its model to ``MODELS``, decorate its db get/list functions
with ``@with_tags(type)`` and call ``purge(s, type, [id])`` in its delete; the API side is one
entry in ``novalite/api/network/tags.py`` COLLECTIONS and one name in router.TAGGED
(floating IPs are wired this way).
"""
import functools

import sqlalchemy as sa

from novalite import exception_network as errors
from novalite.db import models as M
from novalite.db import session as db

MODELS = {'network': M.Network, 'subnet': M.Subnet, 'port': M.Port, 'router': M.Router,
          'security_group': M.SecurityGroup, 'subnetpool': M.SubnetPool,
          'floatingip': M.FloatingIP}


# Prebuilt (its SQL and cache key are made once): every list of a tagged resource reads
# the tags of all its rows with it, on a Core connection.
_TAGS_OF = (sa.select(M.NetworkTag.resource_id, M.NetworkTag.tag)
            .where(M.NetworkTag.resource_type == sa.bindparam('resource_type'),
                   M.NetworkTag.resource_id.in_(sa.bindparam('ids', expanding=True)))
            .order_by(M.NetworkTag.tag))


def tags_of(resource_type, ids):
    """{id: [tag, ...]} (sorted) for the given resources, in one query."""
    ids = list(ids)
    found = {i: [] for i in ids}
    if not ids:
        return found
    with db.get_engine().connect() as conn:
        for resource_id, tag in conn.execute(_TAGS_OF, {'resource_type': resource_type,
                                                        'ids': ids}):
            found[resource_id].append(tag)
    return found


def attach(resource_type, result):
    """Set ``tags`` on a resource dict or on each dict of a list (None passes through)."""
    items = result if isinstance(result, list) else [result] if result else []
    tags = tags_of(resource_type, [item['id'] for item in items])
    for item in items:
        item['tags'] = tags[item['id']]
    return result


def with_tags(resource_type):
    """Decorator: the db function's resource dict(s) come back with their ``tags``.

    ``with_tags=False`` (a keyword of the decorated function) skips the tags query, for a
    list whose caller needs no tags (``fields=`` without ``tags`` and no tag filter)."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, with_tags=True, **kwargs):
            result = func(*args, **kwargs)
            return attach(resource_type, result) if with_tags else result
        return wrapper
    return decorator


def replace(resource_type, resource_id, tags):
    """Make the tags exactly ``tags``; the revision moves only when something changed."""
    with db.transaction() as s:
        row = _row(s, resource_type, resource_id)
        current = set(_current(s, resource_type, resource_id))
        wanted = set(tags)
        if current == wanted:
            return sorted(wanted)
        if current - wanted:
            s.execute(sa.delete(M.NetworkTag).where(
                M.NetworkTag.resource_type == resource_type,
                M.NetworkTag.resource_id == resource_id,
                M.NetworkTag.tag.in_(sorted(current - wanted))))
        for tag in sorted(wanted - current):
            s.add(M.NetworkTag(resource_type=resource_type, resource_id=resource_id, tag=tag))
        _bump(row)
    return sorted(wanted)


def add(resource_type, resource_id, tag):
    with db.transaction() as s:
        row = _row(s, resource_type, resource_id)
        if tag in _current(s, resource_type, resource_id):
            return
        s.add(M.NetworkTag(resource_type=resource_type, resource_id=resource_id, tag=tag))
        _bump(row)


def has(resource_type, resource_id, tag):
    with db.transaction() as s:
        return tag in _current(s, resource_type, resource_id)


def remove(resource_type, resource_id, tag):
    """Delete one tag; 404 TagNotFound if the resource does not have it."""
    with db.transaction() as s:
        row = _row(s, resource_type, resource_id)
        deleted = s.execute(sa.delete(M.NetworkTag).where(
            M.NetworkTag.resource_type == resource_type,
            M.NetworkTag.resource_id == resource_id, M.NetworkTag.tag == tag)).rowcount
        if not deleted:
            raise errors.TagNotFound(tag=tag)
        _bump(row)


def clear(resource_type, resource_id):
    with db.transaction() as s:
        row = _row(s, resource_type, resource_id)
        if purge(s, resource_type, [resource_id]):
            _bump(row)


def purge(s, resource_type, ids):
    """Delete the tags of resources (inside the transaction that deletes them)."""
    ids = list(ids)
    if not ids:
        return 0
    return s.execute(sa.delete(M.NetworkTag).where(
        M.NetworkTag.resource_type == resource_type,
        M.NetworkTag.resource_id.in_(ids))).rowcount


def _current(s, resource_type, resource_id):
    return list(s.scalars(sa.select(M.NetworkTag.tag).where(
        M.NetworkTag.resource_type == resource_type,
        M.NetworkTag.resource_id == resource_id)))


def _row(s, resource_type, resource_id):
    row = s.get(MODELS[resource_type], resource_id)
    if row is None:
        raise errors.TagResourceNotFound(resource=resource_type + 's', resource_id=resource_id)
    return row


def _bump(row):
    """One revision more, in the ``extra`` document or the revision_number column."""
    if hasattr(row, 'extra'):
        extra = dict(row.extra or {})
        extra['revision_number'] = extra.get('revision_number', 0) + 1
        row.extra = extra
    else:
        row.revision_number = (row.revision_number or 0) + 1
    row.updated_at = M.utcnow()
