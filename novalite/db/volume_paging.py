"""Sorting and paging of the block-storage lists, as Cinder's: sort keys and directions
(``created_at`` then ``id``, descending, when none are given; ``id`` always ends the order so
it is total), a marker (the id of the last item of the previous page, 404 when unknown),
limit and offset.
"""
import datetime

import sqlalchemy as sa

from novalite import exception
from novalite.exception_volume import InvalidSortKey, MarkerNotFound

_EPOCH = datetime.datetime(1970, 1, 1)


def sort_params(sort_keys, sort_dirs, default_dir='desc'):
    """Complete the keys and directions: default direction for missing ones, then
    ``created_at`` and ``id`` when absent (Cinder's process_sort_params)."""
    keys = list(sort_keys or [])
    dirs = list(sort_dirs or [])
    default = dirs[0] if dirs else default_dir
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise exception.InvalidInput(reason="Unknown sort direction, must be 'desc' or "
                                                "'asc'")
    while len(dirs) < len(keys):
        dirs.append(default)
    for key in ('created_at', 'id'):
        if key not in keys:
            keys.append(key)
            dirs.append(default)
    return keys, dirs


def _column(model, key):
    column = getattr(model.__table__.c, key, None)
    if column is None:
        raise InvalidSortKey(key=key)
    if column.nullable:
        if isinstance(column.type, sa.DateTime):
            return sa.func.coalesce(column, _EPOCH)
        if isinstance(column.type, (sa.Integer, sa.Boolean)):
            return sa.func.coalesce(column, 0)
        return sa.func.coalesce(column, '')
    return column


def paginate(session, query, model, sort_keys, sort_dirs, marker=None, limit=None,
             offset=None, key_map=None):
    """``query`` ordered, cut after ``marker`` and to ``limit`` rows after ``offset``.

    ``key_map`` turns API sort keys into column names (``name`` -> ``display_name``).
    """
    keys, dirs = sort_params([(key_map or {}).get(k, k) for k in sort_keys or ()],
                             sort_dirs)
    columns = [_column(model, key) for key in keys]
    for column, direction in zip(columns, dirs):
        query = query.order_by(column.desc() if direction == 'desc' else column.asc())
    if marker is not None:
        values = session.execute(sa.select(*columns).where(model.id == marker)).first()
        if values is None:
            raise MarkerNotFound(marker=marker)
        criteria = []
        for i, (column, direction) in enumerate(zip(columns, dirs)):
            equal = [columns[j] == values[j] for j in range(i)]
            after = column < values[i] if direction == 'desc' else column > values[i]
            criteria.append(sa.and_(*equal, after))
        query = query.where(sa.or_(*criteria))
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return query
