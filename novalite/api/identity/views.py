"""Identity entities as Keystone renders them (with their ``links``)."""
from novalite.api.identity import common

# extra keys that are ours, not attributes the client set
_RESERVED_EXTRA = ('tags', 'options')


def _extras(row, exclude=()):
    extra = dict(row.extra or {})
    for key in tuple(_RESERVED_EXTRA) + tuple(exclude):
        extra.pop(key, None)
    return extra


def domain(req, row):
    body = _extras(row)
    body.update({
        'id': row.id, 'name': row.name, 'description': row.description or '',
        'enabled': bool(row.enabled), 'tags': list((row.extra or {}).get('tags', [])),
        'options': dict((row.extra or {}).get('options', {})),
        'links': common.self_links(req, 'domains', row.id),
    })
    return body


def project(req, row):
    if row.is_domain:
        domain_id, parent_id = None, None
    else:
        domain_id, parent_id = row.domain_id, row.parent_id or row.domain_id
    body = _extras(row)
    body.update({
        'id': row.id, 'name': row.name, 'domain_id': domain_id,
        'description': row.description or '', 'enabled': bool(row.enabled),
        'parent_id': parent_id, 'is_domain': bool(row.is_domain),
        'tags': list((row.extra or {}).get('tags', [])),
        'options': dict((row.extra or {}).get('options', {})),
        'links': common.self_links(req, 'projects', row.id),
    })
    return body


def user(req, row):
    body = _extras(row)
    body.update({
        'id': row.id, 'name': row.name, 'domain_id': row.domain_id,
        'enabled': bool(row.enabled), 'password_expires_at': None,
        'options': dict((row.extra or {}).get('options', {})),
        'links': common.self_links(req, 'users', row.id),
    })
    if row.default_project_id:
        body['default_project_id'] = row.default_project_id
    if row.description is not None:
        body['description'] = row.description
    if row.email is not None:
        body['email'] = row.email
    return body


def role(req, row):
    return {'id': row.id, 'name': row.name, 'domain_id': row.domain_id,
            'description': row.description, 'options': {},
            'links': common.self_links(req, 'roles', row.id)}


def grant_role(req, row):
    """A role in a grants list (Keystone drops description there)."""
    body = role(req, row)
    body.pop('description')
    return body


def service(req, row):
    body = dict(row.extra or {})
    body.update({'id': row.id, 'type': row.type, 'name': row.name,
                 'enabled': bool(row.enabled),
                 'links': common.self_links(req, 'services', row.id)})
    if row.description is not None:
        body['description'] = row.description
    return body


def endpoint(req, row):
    body = dict(row.extra or {})
    body.update({'id': row.id, 'interface': row.interface, 'region': row.region_id,
                 'region_id': row.region_id, 'service_id': row.service_id, 'url': row.url,
                 'enabled': bool(row.enabled),
                 'links': common.self_links(req, 'endpoints', row.id)})
    return body


def region(req, row):
    body = dict(row.extra or {})
    body.update({'id': row.id, 'description': row.description or '',
                 'parent_region_id': row.parent_region_id,
                 'links': common.self_links(req, 'regions', row.id)})
    return body


def token(info, catalog=None):
    """The v3 token document from tokens.validate()'s info (which is shared: copy it)."""
    body = {k: v for k, v in info.items() if not k.startswith('_')}
    body['user'] = dict(info['user'])
    if 'project' in info or 'domain' in info or 'system' in info:
        body['roles'] = [dict(r) for r in info.get('roles', [])]
        if catalog is not None:
            body['catalog'] = catalog
    else:
        body.pop('roles', None)
    return {'token': body}


def group(req, row):
    body = dict(row.extra or {})
    body.update({'id': row.id, 'name': row.name, 'domain_id': row.domain_id,
                 'description': row.description,
                 'links': common.self_links(req, 'groups', row.id)})
    return body
