"""What every identity controller needs: who is asking, may they, URLs, bodies, filters.

The identity pipeline delays the authentication decision (Keystone checks tokens itself), so
controllers call :func:`token_info` (or :func:`authorize`, which calls it) first.
"""
import jsonschema
from jsonschema import exceptions as js_exceptions

from novalite import exception_identity as errors
from novalite.db import identity as db
from novalite.db import identity_groups
from novalite.db import identity_names
from novalite import exception
from novalite import policy

_FALSE_STRINGS = ('0', 'f', 'false', 'n', 'no', 'off')


# --------------------------------------------------------------------- who and may they

def token_info(req):
    """The validated token of the request, or 401. Completes the context for policy."""
    info = req.environ.get('keystone.token_info')
    if info is None:
        raise errors.Unauthorized()
    if info.get('domain'):
        req.context.domain_id = info['domain']['id']
    return info


def authorize(req, action, target=None):
    token_info(req)
    try:
        # a None in the target would match a None in the credentials ('None' == 'None')
        policy.authorize(req.context, action,
                         {k: v for k, v in (target or {}).items() if v is not None})
    except exception.PolicyNotAuthorized:
        raise errors.ForbiddenAction(action=action)


def target(**entities):
    """Keystone's flattened policy target: target(project=row) -> {'target.project.id': ...}."""
    flat = {}
    for kind, value in entities.items():
        if value is None:
            continue
        if isinstance(value, str):
            flat['target.%s' % kind] = value
            continue
        for attr in ('id', 'domain_id', 'name'):
            if getattr(value, attr, None) is not None:
                flat['target.%s.%s' % (kind, attr)] = getattr(value, attr)
    return flat


def creating_domain_id(req):
    """The domain of a new entity whose request names none: the token's domain scope, the
    domain of its project scope, else the default domain (Keystone's _normalize_domain_id)."""
    info = token_info(req)
    if info.get('domain'):
        return info['domain']['id']
    if info.get('project'):
        return info['project']['domain']['id']
    return db.DEFAULT_DOMAIN_ID


# --------------------------------------------------------------------- URLs and collections

def base_url(req):
    """scheme://host[:port]/identity (the service root)."""
    return req.host_url + req.script_name


def v3_url(req, *parts):
    return '/'.join([base_url(req), 'v3'] + [str(p) for p in parts])


def self_links(req, collection, entity_id):
    return {'self': v3_url(req, collection, entity_id)}


def collection(req, key, items, path=None):
    url = v3_url(req, path or key)
    if req.query_string:
        url += '?' + req.query_string
    return {key: items, 'links': {'self': url, 'previous': None, 'next': None}}


# --------------------------------------------------------------------- request input

def as_bool(value):
    """Keystone's attr_as_boolean: anything but an explicit false string is true."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in _FALSE_STRINGS


def query_bool(req, name):
    value = req.GET.get(name)
    return None if value is None else as_bool(value)


def flag(req, name):
    """?name, ?name=true -> True; ?name=false or absent -> False."""
    if name not in req.GET:
        return False
    value = req.GET.get(name)
    return value == '' or as_bool(value)


def hints(req, supported):
    """Keystone's list filters of the request (exact and ``attr__comparator`` ones)."""
    return identity_names.hints(req.GET, supported)


def filtered(req, supported, rows, attribute=getattr):
    """Rows left after the request's inexact filters (``?name__icontains=...``) on the
    supported attributes; exact ones are the list functions' arguments."""
    return identity_names.apply(rows, identity_names.inexact(hints(req, supported)),
                                attribute)


def name_matches(req, name):
    """The ``?name=`` filter, compared as the database compares names."""
    wanted = req.GET.get('name')
    return wanted is None or identity_names.same(wanted, name)


def member(body, key):
    """The entity document of a request body ({"project": {...}}), or 400."""
    if not isinstance(body, dict) or not isinstance(body.get(key), dict):
        raise errors.ValidationError(attribute=key, target='request body')
    return body[key]


def validate(schema, data):
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    error = js_exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return
    if error.path:
        detail = "Invalid input for field '%s': %s" % (
            '/'.join(str(p) for p in error.path), error.message)
    else:
        detail = error.message
    raise errors.SchemaValidationError(detail=detail)


def split(entity, columns):
    """An entity document -> (column values, extra attributes); ids and links are dropped."""
    values = {k: v for k, v in entity.items() if k in columns}
    extra = {k: v for k, v in entity.items() if k not in columns and k not in ('id', 'links')}
    return values, extra


def require_matching_id(entity, entity_id):
    if entity.get('id') is not None and entity['id'] != entity_id:
        raise errors.ValidationError('Cannot change ID')


# --------------------------------------------------------------------- lookups or 404

def project_or_404(project_id, allow_domain=False):
    row = db.get_project(project_id)
    if row is None or (row.is_domain and not allow_domain):
        raise errors.ProjectNotFound(project_id=project_id)
    return row


def domain_or_404(domain_id):
    row = db.get_domain(domain_id)
    if row is None and domain_id == db.DEFAULT_DOMAIN_ID:
        row = db.ensure_domain(db.DEFAULT_DOMAIN_ID, 'Default', 'The default domain')
    if row is None:
        raise errors.DomainNotFound(domain_id=domain_id)
    return row


def user_or_404(user_id):
    row = db.get_user(user_id)
    if row is None:
        raise errors.UserNotFound(user_id=user_id)
    return row


def role_or_404(role_id):
    row = db.get_role(role_id)
    if row is None:
        raise errors.RoleNotFound(role_id=role_id)
    return row


def group_or_404(group_id):
    row = identity_groups.get_group(group_id)
    if row is None:
        raise errors.GroupNotFound(group_id=group_id)
    return row
