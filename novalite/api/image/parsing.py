"""Request parsing for the images API, with Glance's rules and messages.

``index_params`` reads the list query (filters, sorting, paging), ``create_body`` splits a
create request into base attributes, custom properties and tags, ``patch_body`` turns a
JSON-patch document (both media types Glance accepts) into a list of changes.
"""
import re

from novalite import exception_image as errors
from novalite import timeutils
from novalite.api import wsgi
from novalite.api.image import schemas

SORT_KEYS = ('name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at',
             'updated_at')
DEFAULT_LIMIT = 25
MAX_LIMIT = 1000
DISALLOWED = ('direct_url', 'self', 'file', 'schema', 'stores')
READ_ONLY = ('created_at', 'updated_at', 'status', 'checksum', 'size', 'virtual_size',
             'direct_url', 'self', 'file', 'schema', 'id', 'os_hash_algo', 'os_hash_value',
             'stores')
RESERVED = ('location', 'deleted', 'deleted_at')
RESERVED_NAMESPACE = 'os_glance'
BASE_COLUMNS = ('name', 'disk_format', 'container_format', 'visibility', 'protected',
                'os_hidden', 'min_ram', 'min_disk', 'owner', 'tags')
PATCH_TYPES = {'application/openstack-images-v2.0-json-patch': 4,
               'application/openstack-images-v2.1-json-patch': 10}
OPERATIONS = ('add', 'remove', 'replace')
TIME_OPERATORS = ('gt', 'gte', 'lt', 'lte', 'eq', 'neq')
MAX_INT = 2 ** 31 - 1


def bad(message):
    return errors.BadRequest(reason=message)


# --------------------------------------------------------------------------- index

def index_params(params):
    """(query, paging): ``query`` for filtering, ``paging`` = limit/marker/sort."""
    items = [(k, v) for k, v in params.items()]
    single = dict(items)
    limit = _limit(single.pop('limit', None))
    marker = single.pop('marker', None)
    member_status = single.pop('member_status', 'accepted')
    if member_status not in ('pending', 'accepted', 'rejected', 'all'):
        raise bad('Invalid status: %s' % member_status)
    tags = [v.strip() for k, v in items if k == 'tag']
    single.pop('tag', None)
    sort_keys, sort_dirs = _sorting(items, single)
    visibility = single.pop('visibility', None)
    if visibility and visibility not in schemas.VISIBILITIES + ['all']:
        raise bad('Invalid visibility value: %s' % visibility)
    if 'changes-since' in single:
        raise bad('The "changes-since" filter is no longer available on v2.')
    for name in ('os_hidden', 'protected'):
        value = single.get(name, 'false' if name == 'os_hidden' else None)
        if value is not None:
            if value.lower() not in ('true', 'false'):
                raise bad("Invalid value '%s' for '%s' filter. Valid values are 'true' or "
                          "'false'." % (value, name))
            single[name] = value.lower() == 'true'
    for name in ('size_min', 'size_max'):
        if name in single:
            try:
                single[name] = int(single[name])
            except ValueError:
                raise bad('Unable to filter using the specified range.')
    query = {'visibility': visibility or None, 'member_status': member_status, 'tags': tags,
             'filters': single}
    paging = {'limit': limit, 'marker': marker, 'sort_keys': sort_keys,
              'sort_dirs': sort_dirs}
    return query, paging


def _limit(value):
    if value is None:
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        raise bad('limit param must be an integer')
    if limit < 0:
        raise bad('limit param must be positive')
    return min(limit, MAX_LIMIT)


def _sorting(items, single):
    def key(name):
        name = name.strip()
        if name not in SORT_KEYS:
            raise bad('Invalid sort key: %s. It must be one of the following: %s.'
                      % (name, ', '.join(SORT_KEYS)))
        return name

    def direction(value):
        value = value.strip()
        if value not in ('asc', 'desc'):
            raise bad('Invalid sort direction: %s' % value)
        return value

    keys, dirs = [], []
    if 'sort' in single:
        if 'sort_key' in single or 'sort_dir' in single:
            raise bad('Old and new sorting syntax cannot be combined')
        for part in single.pop('sort').strip().split(','):
            name, _sep, value = part.partition(':')
            keys.append(key(name))
            dirs.append(direction(value or 'desc'))
    else:
        keys = [key(v) for k, v in items if k == 'sort_key']
        dirs = [direction(v) for k, v in items if k == 'sort_dir']
        single.pop('sort_key', None)
        single.pop('sort_dir', None)
        if len(dirs) > 1 and len(dirs) != len(keys):
            raise bad('Number of sort dirs does not match the number of sort keys')
    keys = keys or ['created_at']
    dirs = dirs or ['desc']
    if len(dirs) == 1:
        dirs = dirs * len(keys)
    return keys, dirs


def in_values(value):
    """Glance's ``in:a,b,"c,d"`` operator; a plain value is a one-item list."""
    if not value.startswith('in:'):
        return [value[3:] if value.startswith('eq:') else value]
    values, current, quoted = [], '', False
    for char in value[3:]:
        if char == '"':
            quoted = not quoted
        elif char == ',' and not quoted:
            values.append(current)
            current = ''
        else:
            current += char
    if quoted:
        raise bad('Invalid filter value %s. The quote is not closed.' % value)
    return values + [current]


def time_filter(name, value):
    """``created_at=gte:2016-04-18T21:38:54Z`` -> (operator, datetime)."""
    operator, _sep, stamp = value.partition(':')
    if not _sep or operator not in TIME_OPERATORS:
        operator, stamp = 'eq', value
    try:
        when = timeutils.parse_isotime(stamp)
    except ValueError:
        raise bad('Unable to filter on a %s with an invalid time value %s' % (name, stamp))
    return operator, when


# --------------------------------------------------------------------------- create

def create_body(body):
    """(base attributes, custom properties, tags) from a create request body."""
    if body is None:
        raise bad('Body expected in request.')
    if not isinstance(body, dict):
        raise errors.InvalidObject(schema='image', reason="%r is not of type 'object'"
                                   % (body,))
    for key in DISALLOWED:
        if key in body:
            raise errors.ReadOnlyProperty(name=key)
    schemas.validate(body)
    properties = dict(body)
    tags = properties.pop('tags', None) or []
    image = {}
    if 'id' in properties:
        image['id'] = properties.pop('id')
    for key in READ_ONLY:
        if key in properties:
            raise errors.ReadOnlyProperty(name=key)
    for key in BASE_COLUMNS:
        if key in properties:
            image[key] = properties.pop(key)
    for key in properties:
        if len(key) > 255:
            raise bad('Custom property should not be greater than 255 characters.')
        check_reserved(key)
    for key in ('min_ram', 'min_disk'):
        check_int(key, image.get(key) or 0)
    return image, properties, unique(tags)


def check_int(name, value):
    if value < 0:
        raise bad('Cannot be a negative value')
    if value > MAX_INT:
        raise bad('Value of %s is out of range (maximum %d)' % (name, MAX_INT))


def check_reserved(key):
    if key in RESERVED or key.startswith(RESERVED_NAMESPACE):
        raise errors.ReservedProperty(name=key)


def unique(tags):
    seen = []
    for tag in tags:
        if tag not in seen:
            seen.append(tag)
    return seen


# --------------------------------------------------------------------------- patch

def patch_body(req):
    """The list of {'op', 'path', 'value'} changes of a PATCH request."""
    content_type = (req.content_type or '').lower()
    if content_type not in PATCH_TYPES:
        exc = errors.UnsupportedMediaType(content_type=content_type or 'None')
        exc.headers = {'Accept-Patch': ', '.join(sorted(PATCH_TYPES))}
        raise exc
    draft = PATCH_TYPES[content_type]
    try:
        body = wsgi.load_json(req.body) if req.body else None
    except ValueError:
        raise bad('Malformed JSON in request body.')
    if body is None:
        raise bad('Body expected in request.')
    if not isinstance(body, list):
        raise bad('Request body must be a JSON array of operation objects.')
    changes = []
    for raw in body:
        if not isinstance(raw, dict):
            raise bad('Operations must be JSON objects.')
        op, pointer = _op_and_path(raw, draft)
        path = decode_pointer(pointer)
        depth = 2 if path[0] == 'locations' and op != 'replace' else 1
        if len(path) != depth:
            raise bad("Invalid JSON pointer for this resource: '/%s'" % '/'.join(path))
        change = {'op': op, 'path': path, 'draft': draft}
        if op != 'remove':
            if 'value' not in raw:
                raise bad('Operation "%s" requires a member named "value".' % op)
            change['value'] = raw['value']
        _validate_change(change)
        changes.append(change)
    return changes


def _op_and_path(raw, draft):
    if draft == 4:
        ops = [name for name in OPERATIONS if name in raw]
        if len(ops) != 1:
            raise bad('Operation objects must contain exactly one member named "add", '
                      '"remove", or "replace".')
        return ops[0], _string_path(raw[ops[0]])
    op = raw.get('op')
    if op is None:
        raise bad('Unable to find `op` in JSON Schema change. It must be one of the '
                  'following: %s.' % ', '.join(OPERATIONS))
    if op not in OPERATIONS:
        raise bad('Invalid operation: `%s`. It must be one of the following: %s.'
                  % (op, ', '.join(OPERATIONS)))
    if 'path' not in raw:
        raise bad("Unable to find 'path' in JSON Schema change")
    return op, _string_path(raw['path'])


def _string_path(value):
    if not isinstance(value, str):
        raise bad('Pointer `%s` does not start with "/".' % (value,))
    return value


def decode_pointer(pointer):
    if not pointer.startswith('/'):
        raise bad('Pointer `%s` does not start with "/".' % pointer)
    if re.search(r'/\s*?/', pointer[1:]):
        raise bad('Pointer `%s` contains adjacent "/".' % pointer)
    if len(pointer) > 1 and pointer.endswith('/'):
        raise bad('Pointer `%s` end with "/".' % pointer)
    if pointer[1:].strip() in ('', '/'):
        raise bad('Pointer `%s` does not contains valid token.' % pointer)
    if re.search('~[^01]', pointer) or pointer.endswith('~'):
        raise bad('Pointer `%s` contains "~" not part of a recognized escape sequence.'
                  % pointer)
    return [part.replace('~1', '/').replace('~0', '~').strip()
            for part in pointer.lstrip('/').split('/')]


def _validate_change(change):
    root = change['path'][0]
    if root in READ_ONLY:
        raise errors.ReadOnlyProperty(name=root)
    check_reserved(root)
    if change['op'] == 'remove' or root == 'locations':
        return
    schemas.validate({root: change['value']})
    if root in ('min_ram', 'min_disk'):
        check_int(root, change['value'])
