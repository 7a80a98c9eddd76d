"""What every Neutron resource controller shares: request bodies (single and bulk), the
list query (filters, fields, sorting, pagination with ``*_links``), views and policy targets.
"""
import logging
import urllib.parse

from novalite import exception_network as errors
from novalite import policy
from novalite.api import wsgi
from novalite.api.network import attributes

LOG = logging.getLogger(__name__)
RESERVED = ('fields', 'limit', 'marker', 'page_reverse', 'sort_key', 'sort_dir')
TAG_FILTERS = ('tags', 'tags-any', 'not-tags', 'not-tags-any')


def isotime(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value is not None else None


def view(item, hidden=()):
    """The Neutron view of a record: tenant_id beside project_id, tags, Z timestamps."""
    result = {k: v for k, v in item.items() if not k.startswith('_') and k not in hidden}
    result['tenant_id'] = item.get('project_id')
    result['tags'] = list(item.get('tags') or [])
    for name in ('created_at', 'updated_at'):
        if name in result:
            result[name] = isotime(result[name])
    return result


def select_fields(req, item, fields=None):
    """``item`` with only the attributes of ``fields=`` (``fields``: requested_fields(req),
    when the caller has them already)."""
    fields = requested_fields(req) if fields is None else fields
    return {k: v for k, v in item.items() if k in fields} if fields else item


def requested_fields(req):
    return [f.strip() for value in req.GET.getall('fields') for f in value.split(',')
            if f.strip()]


def wants_tags(req, fields):
    """Whether a listing needs its rows' tags: shown (no ``fields=``, or ``tags`` among
    them) or filtered on."""
    return not fields or 'tags' in fields or any(key in req.GET for key in TAG_FILTERS)


def shown(fields, name):
    """Whether attribute ``name`` reaches the response (``fields``: requested_fields)."""
    return not fields or name in fields


# --------------------------------------------------------------------------- targets

def network_target(net):
    return {'project_id': net['project_id'], 'tenant_id': net['project_id'],
            'shared': net['shared'], 'router:external': net['router:external']}


def child_target(item, net=None):
    """Target of a subnet or port: its own project and its network's attributes."""
    net = net if net is not None else item['_network']
    return {'project_id': item['project_id'], 'tenant_id': item['project_id'],
            'network:project_id': net['project_id'], 'network:tenant_id': net['project_id'],
            'network:shared': net['shared'],
            'network:router:external': net['router:external']}


def owned_target(item):
    return {'project_id': item['project_id'], 'tenant_id': item['project_id']}


def check_writable(ctx, action, target, get_action, not_found):
    """404 if the caller may not even see the resource, 403 if it may see but not change it."""
    if not allowed(ctx, get_action, target):
        raise not_found
    authorize(ctx, action, target)


def net_ref(net):
    """The network attributes that decide who may use its subnets and ports."""
    return {'project_id': net['project_id'], 'shared': net['shared'],
            'router:external': net['router:external']}


def pushdown(req, columns):
    """Query filters the database can apply (only without a marker, which must stay
    findable among everything visible)."""
    if req.GET.get('marker') is not None:
        return {}
    found = {}
    for name, column in columns.items():
        wanted = req.GET.getall(name)
        if wanted:
            found[column] = wanted
    return found


def scope(ctx):
    """The project whose resources a listing is limited to (None: an admin sees all)."""
    return None if ctx.is_admin else ctx.project_id


# --------------------------------------------------------------------------- bodies

def create(req, body, resource, collection, create_one, delete_one):
    """POST with ``{resource: {...}}`` or bulk ``{collection: [...]}`` (all or nothing)."""
    if not isinstance(body, dict):
        raise errors.bad_request('Resource body required')
    if collection in body:
        items = body[collection]
        if not isinstance(items, list) or not items:
            raise errors.bad_request('Resources required')
        for item in items:
            _check_member(item)
        created = []
        try:
            for item in items:
                created.append(create_one(req.context, item))
        except Exception:
            for done in created:
                try:
                    delete_one(req.context, done['id'])
                except Exception:
                    LOG.exception('Could not undo the bulk creation of %s', done['id'])
            raise
        return wsgi.ResponseObject({collection: created}, status=201)
    return wsgi.ResponseObject({resource: create_one(req.context,
                                                     _member(body, resource))}, status=201)


def update_body(body, resource, spec, ctx):
    if not isinstance(body, dict):
        raise errors.bad_request('Resource body required')
    return attributes.prepare(spec, _member(body, resource), ctx, create=False)


def _member(body, resource):
    """``body[resource]``, which must be an object (Neutron's prepare_request_body)."""
    if body.get(resource) is None:
        raise errors.bad_request("Unable to find '%s' in request body" % resource)
    return _check_member(body[resource])


def _check_member(item):
    if not isinstance(item, dict):
        raise errors.bad_request('Resource body required')
    return item


# --------------------------------------------------------------------------- listing

def index(req, collection, items, views, filterable, not_found):
    """Neutron's list response: filters (repeat = OR), sort_key/sort_dir, limit/marker/
    page_reverse with ``<collection>_links``, fields."""
    params = req.GET
    filters = {}
    for key, value in params.items():
        if key in RESERVED:
            continue
        if key not in filterable and key not in TAG_FILTERS:
            raise errors.bad_request('%s is invalid attribute for filtering' % key)
        filters.setdefault(key, []).append(value)
    visible = {item['id']: item for item in items}
    chosen = [item for item in items if _matches(item, filters)]
    sorts = _sorts(params, filterable)
    limit, marker, reverse = _paging(params)
    if sorts or limit:
        chosen = _sort(chosen, sorts + [('id', 'asc')])
    page = _page(chosen, visible, sorts + [('id', 'asc')], limit, marker, reverse, not_found)
    fields = requested_fields(req)
    body = {collection: [select_fields(req, views(item), fields) for item in page]}
    links = _links(req, page, limit, reverse)
    if links:
        body[collection + '_links'] = links
    return body


def _matches(item, filters):
    for key, wanted in filters.items():
        if key in TAG_FILTERS:
            if not _match_tags(set(item.get('tags') or []), key, wanted):
                return False
            continue
        value = item.get('project_id' if key == 'tenant_id' else key)
        if key == 'fixed_ips':
            if not _match_fixed_ips(value or [], wanted):
                return False
        elif isinstance(value, list):
            if not any(_same(v, w) for v in value for w in wanted):
                return False
        elif not any(_same(value, w) for w in wanted):
            return False
    return True


def _match_tags(have, key, wanted):
    """Neutron's tag filters; each value is a comma-separated list of tags."""
    names = {tag for value in wanted for tag in value.split(',') if tag}
    if key == 'tags':
        return names <= have
    if key == 'tags-any':
        return bool(names & have)
    if key == 'not-tags':
        return not names <= have
    return not names & have


def _same(value, wanted):
    if isinstance(value, bool):
        return value == attributes.to_bool(wanted)
    if isinstance(value, int):
        try:
            return value == int(wanted)
        except ValueError:
            raise errors.InvalidInput(error_message="'%s' is not an integer" % wanted)
    if value is None:
        return wanted in ('', 'None', 'null')
    return str(value) == wanted


def _match_fixed_ips(fixed_ips, wanted):
    """``fixed_ips=ip_address=10.0.0.3``, ``subnet_id=...``, ``ip_address_substr=...``."""
    criteria = {}
    for item in wanted:
        key, _sep, value = item.partition('=')
        if key not in ('ip_address', 'subnet_id', 'ip_address_substr'):
            raise errors.bad_request("Invalid fixed_ips filter '%s'" % item)
        criteria.setdefault(key, []).append(value)
    for ip in fixed_ips:
        if all(_fixed_ip_ok(ip, key, values) for key, values in criteria.items()):
            return True
    return False


def _fixed_ip_ok(ip, key, values):
    if key == 'ip_address_substr':
        return any(v in ip['ip_address'] for v in values)
    return ip[key] in values


def _sorts(params, sortable):
    keys, dirs = params.getall('sort_key'), params.getall('sort_dir')
    if len(keys) != len(dirs) and dirs:
        raise errors.bad_request('The number of sort_keys and sort_dirs must be same')
    dirs = dirs or ['asc'] * len(keys)
    for key, direction in zip(keys, dirs):
        if key not in sortable or key == 'fixed_ips':
            raise errors.bad_request('%s is an invalid attribute for sort_keys' % key)
        if direction not in ('asc', 'desc'):
            raise errors.bad_request("%s is an invalid value for sort_dirs, valid values are "
                                     "'asc' and 'desc'" % direction)
    return list(zip(keys, dirs))


def _paging(params):
    limit = params.get('limit')
    if limit is not None:
        try:
            limit = int(limit)
            if limit < 0:
                raise ValueError()
        except ValueError:
            raise errors.bad_request("Limit must be an integer 0 or greater and not '%s'"
                                     % limit)
    reverse = params.get('page_reverse')
    reverse = attributes.to_bool(reverse) if reverse is not None else False
    return limit or None, params.get('marker'), reverse


def _sort(items, sorts):
    for key, direction in reversed(sorts):
        key = 'project_id' if key == 'tenant_id' else key
        items = sorted(items, key=lambda i, k=key: _sort_value(i.get(k)),
                       reverse=direction == 'desc')
    return items


def _sort_value(value):
    if value is None:
        return (0, '')
    if isinstance(value, (list, dict)):
        return (1, str(value))
    return (1, value)


def _page(items, visible, sorts, limit, marker, reverse, not_found):
    if marker is not None:
        if marker not in visible:
            raise not_found(marker)
        if marker not in [i['id'] for i in items]:
            items = _sort(items + [visible[marker]], sorts)
        index = [i['id'] for i in items].index(marker)
        items = items[:index] if reverse else items[index + 1:]
    if limit:
        items = items[-limit:] if reverse else items[:limit]
    return items


def _links(req, page, limit, reverse):
    if not limit:
        return []
    params = [(k, v) for k, v in req.GET.items() if k not in ('marker', 'page_reverse')]
    links = []
    if not (len(page) < limit and not reverse):
        marker = [('marker', page[-1]['id'])] if page else []
        links.append({'rel': 'next', 'href': _href(req, params + marker)})
    if not (len(page) < limit and reverse):
        marker = [('marker', page[0]['id'])] if page else []
        links.append({'rel': 'previous',
                      'href': _href(req, params + marker + [('page_reverse', 'True')])})
    return links


def _href(req, params):
    return '%s?%s' % (req.path_url, urllib.parse.urlencode(params))


def allowed(context, action, target):
    """True if the policy allows ``action`` on ``target``."""
    return bool(policy.authorize(context, action, target, fatal=False))


def authorize(context, action, target):
    """Neutron's policy check: 403 PolicyNotAuthorized "(rule:...) is disallowed by policy"."""
    if not allowed(context, action, target):
        raise errors.PolicyNotAuthorized(action=action)
