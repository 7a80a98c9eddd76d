"""Flavor views."""


def links(req, flavor):
    return [{'rel': 'self', 'href': req.link('flavors', flavor['flavorid'])},
            {'rel': 'bookmark', 'href': req.bookmark('flavors', flavor['flavorid'])}]


def basic(req, flavor):
    return {'id': flavor['flavorid'], 'name': flavor['name'], 'links': links(req, flavor)}


def detail(req, flavor):
    view = basic(req, flavor)
    view.update({
        'ram': flavor['memory_mb'], 'disk': flavor['root_gb'], 'vcpus': flavor['vcpus'],
        'OS-FLV-EXT-DATA:ephemeral': flavor['ephemeral_gb'],
        'OS-FLV-DISABLED:disabled': bool(flavor['disabled']),
        'swap': flavor['swap'] or '',
        'rxtx_factor': flavor['rxtx_factor'],
        'os-flavor-access:is_public': bool(flavor['is_public']),
    })
    return view


def embedded(flavor, with_extra_specs=True):
    """The flavor as a server view embeds it from microversion 2.47."""
    view = {'vcpus': flavor['vcpus'], 'ram': flavor['memory_mb'], 'disk': flavor['root_gb'],
            'ephemeral': flavor['ephemeral_gb'], 'swap': flavor['swap'],
            'original_name': flavor['name']}
    if with_extra_specs:
        view['extra_specs'] = dict(flavor.get('extra_specs') or {})
    return view
