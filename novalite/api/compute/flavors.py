"""The flavors resource (read side; flavor management is admin's, see os-flavor-manage)."""
import re

from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api.compute import common
from novalite.api.compute.views import flavors as views
from novalite.compute import flavors as flavor_api
from novalite.api import microversion as mv
from novalite.api.compute.schemas import queries

SORT_KEYS = {'flavorid': 'flavorid', 'id': 'flavorid', 'name': 'name',
             'memory_mb': 'memory_mb', 'ram': 'memory_mb', 'vcpus': 'vcpus',
             'root_gb': 'root_gb', 'disk': 'root_gb', 'ephemeral_gb': 'ephemeral_gb',
             'swap': 'swap', 'rxtx_factor': 'rxtx_factor', 'created_at': 'created_at'}


class FlavorsController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query(queries.flavors, strict_from=mv.API_CLEANUP)
    def index(self, req):
        return self._collection(req, views.basic)

    @validation.query(queries.flavors, strict_from=mv.API_CLEANUP)
    def detail(self, req):
        return self._collection(req, views.detail)

    def show(self, req, id):
        policy.authorize(req.context, 'os_compute_api:flavors', {})
        return {'flavor': views.detail(req, flavor_api.get(id, req.context))}

    def _collection(self, req, view):
        ctx = req.context
        policy.authorize(ctx, 'os_compute_api:flavors', {})
        params = req.GET
        is_public = True
        if ctx.is_admin and 'is_public' in params:
            raw = params['is_public'].lower()
            is_public = None if raw == 'none' else validation.to_bool(raw)
        sort_key = params.get('sort_key', 'flavorid')
        sort_dir = params.get('sort_dir', 'asc')
        if sort_key not in SORT_KEYS or sort_dir not in ('asc', 'desc') or (
                sort_key == 'rxtx_factor' and req.api_version >= mv.STRICT_QUERY):
            raise exception.Invalid('Invalid sort_key or sort_dir provided')
        flavors = flavor_api.list_flavors(ctx, is_public=is_public,
                                          min_ram=_int_param(params, 'minRam'),
                                          min_disk=_int_param(params, 'minDisk'),
                                          sort_key=SORT_KEYS[sort_key], sort_dir=sort_dir)
        if req.api_version >= mv.STRICT_QUERY and params.get('name') is not None:
            name = _regex(params['name'])  # 2.102: a regular expression, as servers' name
            flavors = [f for f in flavors if name.search(f['name'])]
        limit, marker = common.limit_and_marker(req, self.conf.api.max_limit)
        page, more = common.paginate(flavors, limit, marker, 'flavorid')
        body = {'flavors': [view(req, f) for f in page]}
        if more and page:
            path = ('flavors', 'detail') if view is views.detail else ('flavors',)
            body['flavors_links'] = common.next_link(req, path, page[-1]['flavorid'])
        return body


def _regex(value):
    try:
        return re.compile(value)
    except re.error:
        raise exception.Invalid('Invalid filter value for name: %s is not a valid regular '
                                'expression' % value)


def _int_param(params, name):
    value = params.get(name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise exception.Invalid('Invalid %s filter [%s]' % (name, value))
    if number < 0:
        raise exception.Invalid('Invalid %s filter [%s]' % (name, value))
    return number
