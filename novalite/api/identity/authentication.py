"""Who is authenticating, and to which scope: Keystone's AuthInfo and auth plugins.

``authenticate_v3`` takes the ``auth`` document of ``POST /v3/auth/tokens``, checks it the way
Keystone does (malformed -> 400, anything about credentials or scope -> 401 with no detail) and
returns an :class:`AuthResult`; ``authenticate_v2`` does the same for ``POST /v2.0/tokens``.
Supported methods: ``password``, ``token`` (rescoping) and ``application_credential``
(scoped to the credential's project, no scope may be requested); scopes: project, domain,
system, unscoped and ``OS-TRUST:trust`` (the trustee takes the trust's project and roles).
"""
import dataclasses
import datetime

from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import schemas
from novalite.db import identity as db
from novalite.db import identity_credentials as cred_db
from novalite.db import identity_trusts as trust_db
from novalite.db import models
from novalite.identity import tokens

METHODS = ('password', 'token', 'application_credential')
_SCOPE_KEYS = ('project', 'domain', 'unscoped', 'system', 'OS-TRUST:trust')


@dataclasses.dataclass
class AuthResult:
    user_id: str
    methods: list
    project_id: str = None
    domain_id: str = None
    system: bool = False
    expires_at: datetime.datetime = None
    app_cred_id: str = None
    trust_id: str = None


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
    trust_id = scope['OS-TRUST:trust'].get('id')
    if not trust_id:
        raise errors.ValidationError(attribute='trust_id', target='trust')
    return ('trust', trust_id)


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


_APP_CRED_SCHEMA = {
    'type': 'object',
    'properties': {
        'id': {'type': 'string'}, 'name': {'type': 'string'}, 'secret': {'type': 'string'},
        'user': {'type': 'object',
                 'properties': {'id': {'type': 'string'}, 'name': {'type': 'string'},
                                'domain': {'type': 'object'}}},
    },
    'required': ['secret'],
}


def _app_cred(payload):
    """The application credential a payload names, its secret checked; else 401."""
    common.validate(_APP_CRED_SCHEMA, payload)
    if payload.get('id'):
        cred = cred_db.get_app_cred(payload['id'], with_secret=True)
    else:
        if not payload.get('name'):
            raise errors.ValidationError(attribute='name or ID',
                                         target='application credential')
        user = payload.get('user')
        if not user:
            raise errors.ValidationError(attribute='user', target='application credential')
        if user.get('id'):
            user_row = db.get_user(user['id'])
        else:
            if 'domain' not in user:
                raise errors.ValidationError(attribute='domain', target='user')
            user_row = db.get_user_by_name(user.get('name'), lookup_domain(user['domain']))
        cred = cred_db.find_app_cred(user_row.id, payload['name']) if user_row else None
    if cred is None or not tokens.check_password(payload['secret'], cred['secret_hash']):
        raise errors.Unauthorized()
    if cred['expires_at'] is not None and cred['expires_at'] <= models.utcnow():
        raise errors.Unauthorized()
    user = db.get_user(cred['user_id'])
    if user is None or not user.enabled or not _domain_enabled(user.domain_id):
        raise errors.Unauthorized()
    return cred


def _rescoped(info, scope):
    """What a token brings to a new token (Keystone's token_authenticate checks)."""
    if info.get('OS-TRUST:trust'):
        raise errors.ForbiddenAction(action='Using trust-scoped token to create another '
                                            'token. Create a new trust-scoped token instead')
    if info.get('application_credential'):
        if scope is not None:
            raise errors.ForbiddenAction(action='Using an application credential token to '
                                                'create a scoped token is not allowed.')
        return info['application_credential']['id']
    return None


def _trust_result(result, trust_id):
    """Scope result to a trust: the authenticated user must be its trustee."""
    trust = trust_db.get_trust(trust_id)
    if trust is None:
        raise errors.TrustNotFound(trust_id=trust_id)
    if result.app_cred_id is not None or result.user_id != trust.trustee_user_id:
        raise errors.Forbidden()
    trustor = db.get_user(trust.trustor_user_id)
    if trustor is None or not trustor.enabled or not trust.project_id:
        raise errors.Forbidden()
    project = db.get_project(trust.project_id)
    if project is None or not project.enabled or not _domain_enabled(project.domain_id):
        raise errors.Forbidden()
    held = {r['id'] for r in db.effective_roles(trustor.id, trust.project_id)}
    if not any(r['id'] in held for r in trust.roles or []):
        raise errors.Forbidden()
    if not trust_db.consume(trust_id):
        raise errors.TrustUseLimitReached(trust_id=trust_id)
    expires_at = result.expires_at
    if trust.expires_at is not None:
        expires_at = min(expires_at or trust.expires_at, trust.expires_at)
    return dataclasses.replace(result, project_id=trust.project_id, expires_at=expires_at,
                               trust_id=trust.id)


def _identify(identity, names, scope):
    """-> AuthResult of the methods (user, methods, expiry, application credential)."""
    user_id, methods, expires_at, app_cred = None, [], None, None
    for name in names:
        extra_methods = []
        if name == 'password':
            found = _password_user(identity['password']).id
        elif name == 'application_credential':
            app_cred = _app_cred(identity['application_credential'])
            found = app_cred['user_id']
            expires_at = app_cred['expires_at']
        else:
            info = _token_auth(identity['token'])
            found, extra_methods = info['user']['id'], info['methods']
            expires_at = info['_expires']
            rescoped = _rescoped(info, scope)
            if rescoped is not None:
                app_cred = cred_db.get_app_cred(rescoped)
        if user_id is not None and found != user_id:
            raise errors.Unauthorized()
        user_id = found
        methods += [m for m in [name] + list(extra_methods) if m not in methods]
    if user_id is None:
        raise errors.Unauthorized()
    result = AuthResult(user_id=user_id, methods=methods, expires_at=expires_at)
    if app_cred is not None:
        if app_cred['project_id'] is None:
            raise errors.Unauthorized()
        result = dataclasses.replace(result, app_cred_id=app_cred['id'],
                                     project_id=app_cred['project_id'])
    return result


def authenticate_v3(auth):
    if not isinstance(auth, dict) or not auth:
        raise errors.ValidationError(attribute='auth', target='request body')
    common.validate(schemas.token_issue, auth)
    _check_id_or_name(auth)
    identity = auth['identity']
    names = _method_names(identity)
    if 'application_credential' in names and 'scope' in auth:
        # Keystone's ApplicationCredentialAuthError (a 401 that does not say why)
        raise errors.Unauthorized()
    scope = _scope(auth.get('scope'))
    result = _identify(identity, names, scope)
    if result.app_cred_id is not None:
        return result
    if scope is not None and scope[0] == 'trust':
        return _trust_result(result, scope[1])
    if scope is None:
        scope = _default_scope(db.get_user(result.user_id))
    _authorize_scope(result.user_id, scope)
    return dataclasses.replace(result,
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
        # delegated tokens (trust, application credential) cannot be turned into v2 tokens
        if (info is None or info.get('OS-TRUST:trust')
                or info.get('application_credential')):
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
