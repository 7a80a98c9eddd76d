"""List query parameters of the block-storage API, as Cinder reads them: ``limit``,
``marker``, ``offset``, ``sort=key[:dir],...`` (or the deprecated ``sort_key``/``sort_dir``),
booleans such as ``with_count``; and the ``<collection>_links`` next link of a full page.
"""
import urllib.parse

from novalite import exception

MAX_LIMIT = 1000       # Cinder's [DEFAULT] osapi_max_limit
DB_MAX_INT = 0x7FFFFFFF
_TRUE = ('1', 't', 'true', 'on', 'y', 'yes')
_FALSE = ('0', 'f', 'false', 'off', 'n', 'no')


def pagination(params):
    """(marker, limit, offset) popped from ``params`` (a dict copy of the query)."""
    try:
        limit = int(params.pop('limit', MAX_LIMIT))
    except ValueError:
        raise exception.Invalid('limit param must be an integer')
    if limit < 0:
        raise exception.Invalid('limit param must be positive')
    marker = params.pop('marker', None)
    offset = params.pop('offset', 0)
    try:
        offset = int(offset)
    except (TypeError, ValueError):
        raise exception.InvalidInput(reason='offset must be an integer.')
    if offset < 0:
        raise exception.InvalidInput(reason='offset must be >= 0.')
    if offset > DB_MAX_INT:
        raise exception.InvalidInput(reason='offset must be <= %d.' % DB_MAX_INT)
    return marker, min(limit, MAX_LIMIT), offset


def sort(params, default_key='created_at', default_dir='desc'):
    """(sort_keys, sort_dirs) popped from ``params``."""
    if 'sort' in params and ('sort_key' in params or 'sort_dir' in params):
        raise exception.Invalid("The 'sort_key' and 'sort_dir' parameters are deprecated "
                                "and cannot be used with the 'sort' parameter.")
    keys, dirs = [], []
    if 'sort' in params:
        for item in params.pop('sort').strip().split(','):
            key, _sep, direction = item.partition(':')
            keys.append(key.strip())
            dirs.append((direction or default_dir).strip())
    else:
        keys.append(params.pop('sort_key', default_key).strip())
        dirs.append(params.pop('sort_dir', default_dir).strip())
    return keys, dirs


def boolean(name, value):
    """Cinder's strict get_bool_param: 400 for what is not a boolean."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise exception.InvalidInput(reason="Invalid value '%s' for %s. Accepted values are: "
                                        "%s" % (value, name, ', '.join(_TRUE + _FALSE)))


def params(req):
    """The query as a plain dict (the last value of a repeated parameter wins)."""
    return {k: v for k, v in req.GET.items()}


def next_links(req, items, collection):
    """[{'rel': 'next', 'href'}] when the page is full (as many items as the limit),
    else []."""
    try:
        limit = min(int(req.GET.get('limit', MAX_LIMIT)), MAX_LIMIT)
    except ValueError:
        limit = MAX_LIMIT
    if not items or len(items) < limit:
        return []
    query = dict(req.GET.items())
    query['marker'] = items[-1]['id']
    return [{'rel': 'next', 'href': '%s?%s' % (req.link(collection),
                                               urllib.parse.urlencode(query))}]


def isotime(value):
    """Cinder's timestamps: ISO 8601 with microseconds, no zone."""
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') if value is not None else None
