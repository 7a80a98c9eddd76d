"""Who is authenticating, and to which scope: Keystone's AuthInfo and auth plugins.

``authenticate_v3`` takes the ``auth`` document of ``POST /v3/auth/tokens``, checks it the way
Keystone does (malformed -> 400, anything about credentials or scope -> 401 with no detail) and
returns an :class:`AuthResult`; ``authenticate_v2`` does the same for ``POST /v2.0/tokens``.
Supported methods: ``password`` and ``token`` (rescoping).
"""
import dataclasses
import datetime

from novalite.api.identity import common
from novalite.api.identity import errors
from novalite.api.identity import schemas
from novalite.db import identity as db
from novalite.identity import tokens

METHODS = ('password', 'token')
_SCOPE_KEYS = ('project', 'domain', 'unscoped', 'system', 'OS-TRUST:trust')


@dataclasses.dataclass
class AuthResult:
    user_id: str
    methods: list
    project_id: str = None
    domain_id: str = None
    system: bool = False
    expires_at: datetime.datetime = None


# --------------------------------------------------------------------- lookups (401 on miss)

def _domain_enabled(domain_id):
    row = db.get_domain(domain_id)
    if row is None:
        # the default domain may not have been seeded yet: it exists implicitly
        return domain_id == db.DEFAULT_DOMAIN_ID
    return bool(row.enabled)


def lookup_domain(info):
    """{'id'|'name'} -> the id of an existing, enabled domain, else 401."""
    if info.get('name'):
        row = db.get_domain_by_name(info['name'])
        domain_id = row.id if row is not None else None
    else:
        domain_id = info.get('id')
    if not domain_id or not _domain_enabled(domain_id):
        raise errors.Unauthorized()
    return domain_id


def lookup_project(info):
    """{'id'} or {'name', 'domain'} -> an existing, enabled project in an enabled domain."""
    if info.get('name'):
        if 'domain' not in info:
            raise errors.ValidationError(attribute='domain', target='project')
        project = db.get_project_by_name(info['name'], lookup_domain(info['domain']))
    else:
        project = db.get_project(info.get('id'))
        if project is not None and not project.is_domain:
            lookup_domain({'id': project.domain_id})
    if project is None or project.is_domain or not project.enabled:
        raise errors.Unauthorized()
    return project


# --------------------------------------------------------------------- v3

def _check_id_or_name(auth):
    """Keystone's checks after the schema: every named entity gives an id or a name."""
    checks = [('identity/password/user', auth['identity'].get('password', {}).get('user'))]
    if checks[0][1] is not None:
        checks.append(('identity/password/user/domain', checks[0][1].get('domain')))
    scope = auth.get('scope')
    if isinstance(scope, dict):
        project = scope.get('project')
        checks.append(('scope/project', project))
        if project is not None:
            checks.append(('scope/project/domain', project.get('domain')))
        checks.append(('scope/domain', scope.get('domain')))
    for field, entity in checks:
        if entity is not None and 'id' not in entity and 'name' not in entity:
            raise errors.SchemaValidationError(
                detail='Invalid input for field %s: id or name must be present.' % field)


def _method_names(identity):
    names = []
    for name in identity['methods']:
        if name not in names:
            names.append(name)
    for name in names:
        if name not in identity:
            raise errors.ValidationError(attribute=name, target='identity')
    for name in names:
        if name not in METHODS:
            raise errors.AuthMethodNotSupported()
    return names


def _scope(scope):
    """-> None (not given), ('unscoped',), ('project', id), ('domain', id) or ('system',)."""
    if scope is None:
        return None
    if isinstance(scope, str):
        if scope != 'unscoped':
            raise errors.ValidationError(
                attribute='system, project, domain, OS-TRUST:trust or unscoped',
                target='scope')
        return ('unscoped',)
    if sum(key in scope for key in _SCOPE_KEYS) != 1:
        raise errors.ValidationError(
            attribute='system, project, domain, OS-TRUST:trust or unscoped', target='scope')
    if 'system' in scope:
        return ('system',)
    if 'unscoped' in scope:
        return ('unscoped',)
    if 'project' in scope:
        return ('project', lookup_project(scope['project']).id)
    if 'domain' in scope:
        return ('domain', lookup_domain(scope['domain']))
    raise errors.Unauthorized()  # trusts are not supported: Keystone's TrustNotFound


def _password_user(payload):
    info = payload.get('user')
    if info is None:
        raise errors.ValidationError(attribute='user', target='password')
    if info.get('id'):
        user = db.get_user(info['id'])
    else:
        if 'domain' not in info:
            raise errors.ValidationError(attribute='domain', target='user')
        user = db.get_user_by_name(info.get('name'), lookup_domain(info['domain']))
    if user is None or not user.enabled or not _domain_enabled(user.domain_id):
        raise errors.Unauthorized()
    if not tokens.check_password(info.get('password'), user.password_hash):
        raise errors.Unauthorized()
    return user


def _token_auth(payload):
    info = tokens.validate(payload['id'])
    if info is None:
        raise errors.TokenNotFound(token_id=payload['id'])
    return info


def _default_scope(user):
    """Keystone still scopes to a usable default project when no scope is requested."""
    project = db.get_project(user.default_project_id)
    if (project is None or project.is_domain or not project.enabled
            or not _domain_enabled(project.domain_id)
            or not db.effective_roles(user.id, project.id)):
        return ('unscoped',)
    return ('project', project.id)


def _authorize_scope(user_id, scope):
    target = {'project': scope[-1], 'domain': scope[-1], 'system': db.SYSTEM}.get(scope[0])
    if target is not None and not db.effective_roles(user_id, target):
        raise errors.Unauthorized()


def authenticate_v3(auth):
    if not isinstance(auth, dict) or not auth:
        raise errors.ValidationError(attribute='auth', target='request body')
    common.validate(schemas.token_issue, auth)
    _check_id_or_name(auth)
    identity = auth['identity']
    names = _method_names(identity)
    scope = _scope(auth.get('scope'))
    user_id, methods, expires_at = None, [], None
    for name in names:
        if name == 'password':
            found = _password_user(identity['password']).id
            extra_methods = []
        else:
            info = _token_auth(identity['token'])
            found, extra_methods = info['user']['id'], info['methods']
            expires_at = info['_expires']
        if user_id is not None and found != user_id:
            raise errors.Unauthorized()
        user_id = found
        methods += [m for m in [name] + list(extra_methods) if m not in methods]
    if user_id is None:
        raise errors.Unauthorized()
    if scope is None:
        scope = _default_scope(db.get_user(user_id))
    _authorize_scope(user_id, scope)
    return AuthResult(user_id=user_id, methods=methods, expires_at=expires_at,
                      project_id=scope[1] if scope[0] == 'project' else None,
                      domain_id=scope[1] if scope[0] == 'domain' else None,
                      system=scope[0] == 'system')


# --------------------------------------------------------------------- v2.0

def _v2_user(auth):
    if 'passwordCredentials' in auth:
        creds = auth['passwordCredentials']
        if creds.get('userId'):
            user = db.get_user(creds['userId'])
        elif creds.get('username'):
            user = db.get_user_by_name(creds['username'], db.DEFAULT_DOMAIN_ID)
        else:
            raise errors.ValidationError(attribute='username or userId',
                                         target='passwordCredentials')
        if (user is None or user.domain_id != db.DEFAULT_DOMAIN_ID or not user.enabled
                or not tokens.check_password(creds.get('password'), user.password_hash)):
            raise errors.Unauthorized()
        return user.id, None
    if 'token' in auth:
        info = tokens.validate(auth['token']['id'])
        if info is None:
            raise errors.Unauthorized()
        return info['user']['id'], info['_expires']
    raise errors.ValidationError(attribute='passwordCredentials or token', target='auth')


def authenticate_v2(auth):
    """v2.0 knows only the default domain: users and tenants are looked up there."""
    if not isinstance(auth, dict):
        raise errors.ValidationError(attribute='auth', target='request body')
    common.validate(schemas.v2_token_issue, auth)
    user_id, expires_at = _v2_user(auth)
    project_id = None
    if auth.get('tenantId') or auth.get('tenantName'):
        if auth.get('tenantId'):
            project = db.get_project(auth['tenantId'])
        else:
            project = db.get_project_by_name(auth['tenantName'], db.DEFAULT_DOMAIN_ID)
        if (project is None or project.is_domain or not project.enabled
                or not _domain_enabled(project.domain_id)):
            raise errors.Unauthorized()
        project_id = project.id
        _authorize_scope(user_id, ('project', project_id))
    return AuthResult(user_id=user_id, methods=['password'], project_id=project_id,
                      expires_at=expires_at)
