"""Flavor views."""
from novalite.api import microversion as mv
from novalite.api.compute import views


def links(req, flavor):
    return [{'rel': 'self', 'href': req.link('flavors', flavor['flavorid'])},
            {'rel': 'bookmark', 'href': req.bookmark('flavors', flavor['flavorid'])}]


def basic(req, flavor):
    view = {'id': flavor['flavorid'], 'name': flavor['name'], 'links': links(req, flavor)}
    if req.api_version >= mv.FLAVOR_DESCRIPTION and not req.legacy_v2:
        view['description'] = flavor.get('description')
    return view


def detail(req, flavor):
    view = basic(req, flavor)
    view.update({
        'ram': flavor['memory_mb'], 'disk': flavor['root_gb'], 'vcpus': flavor['vcpus'],
        'OS-FLV-EXT-DATA:ephemeral': flavor['ephemeral_gb'],
        # 2.75: an integer 0, not '', when the flavor has no swap
        'swap': flavor['swap'] or (0 if req.api_version >= mv.API_CLEANUP else ''),
        'os-flavor-access:is_public': bool(flavor['is_public']),
    })
    if req.api_version < mv.STRICT_QUERY:  # 2.102 drops both
        view['OS-FLV-DISABLED:disabled'] = bool(flavor['disabled'])
        view['rxtx_factor'] = flavor['rxtx_factor']
    if req.api_version >= mv.FLAVOR_EXTRA_SPECS and extra_specs_visible(req):
        view['extra_specs'] = dict(flavor.get('extra_specs') or {})
    return view


def extra_specs_visible(req):
    """Nova shows extra specs in flavor (2.61) and server (2.47) views to those who may
    list them."""
    return views.allowed(req, 'os_compute_api:os-flavor-extra-specs:index',
                         req.context.project_id)


def embedded(flavor, with_extra_specs=True):
    """The flavor as a server view embeds it from microversion 2.47."""
    view = {'vcpus': flavor['vcpus'], 'ram': flavor['memory_mb'], 'disk': flavor['root_gb'],
            'ephemeral': flavor['ephemeral_gb'], 'swap': flavor['swap'],
            'original_name': flavor['name']}
    if with_extra_specs:
        view['extra_specs'] = dict(flavor.get('extra_specs') or {})
    return view
