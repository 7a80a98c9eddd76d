"""Helpers shared by the compute controllers: the server a request names, pagination."""
from novalite import exception
from novalite import policy
from novalite.compute import api as compute_api


def get_instance(req, instance_id, rule=None, read_deleted=False):
    """The server ``instance_id`` as the caller may see it (404 otherwise,
    ``compute.api.get_instance``), after the policy ``rule`` (if any) allowed it on the
    server's project and user (403)."""
    inst = compute_api.get_instance(req.context, instance_id, read_deleted=read_deleted)
    if rule is not None:
        policy.authorize(req.context, rule, {'project_id': inst['project_id'],
                                             'user_id': inst['user_id']})
    return inst


def timestamp(value):
    """A database time as Nova's JSON shows one it did not format itself (oslo jsonutils):
    2026-12-04T20:11:37.000000, no zone; None stays null."""
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') if value else None


def limit_and_marker(req, max_limit):
    params = req.GET
    limit = params.get('limit')
    if limit is not None:
        try:
            limit = int(limit)
        except ValueError:
            raise exception.Invalid('limit param must be an integer')
        if limit < 0:
            raise exception.Invalid('limit param must be positive')
        limit = min(limit, max_limit)
    else:
        limit = max_limit
    return limit, params.get('marker')


def paginate(items, limit, marker, key):
    """Items after ``marker`` (400 when it is not there), at most ``limit``; and whether
    the page gets a next link: Nova links every full page (as many items as the limit),
    even when nothing follows."""
    if marker is not None:
        for index, item in enumerate(items):
            if str(item[key]) == marker:
                items = items[index + 1:]
                break
        else:
            raise exception.Invalid('marker [%s] not found' % marker)
    page = items[:limit]
    return page, bool(page) and len(page) == limit


def next_link(req, collection, last_id):
    params = [(k, v) for k, v in req.GET.items() if k != 'marker']
    params.append(('marker', last_id))
    from urllib.parse import urlencode
    return [{'rel': 'next', 'href': '%s?%s' % (req.link(*collection), urlencode(params))}]
