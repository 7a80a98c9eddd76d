"""Passwords, tokens and role resolution: what both the identity API and authtoken need.

Tokens are random secrets; only their SHA-256 is stored. Validation recomputes the roles from
the assignments (as Keystone does for Fernet tokens), so a removed role takes effect at once,
apart from the short cache authtoken is configured with.
"""
import base64
import datetime
import hashlib
import hmac
import os
import secrets
import threading
import time

import sqlalchemy as sa

from novalite.db import models
from novalite.db import session as db

# Keystone's default implied roles: admin -> manager -> member -> reader.
IMPLIED_ROLES = {'admin': ['manager'], 'manager': ['member'], 'member': ['reader']}

DEFAULT_DOMAIN = {'id': 'default', 'name': 'Default'}

_PBKDF2_ROUNDS = 60000
_cache = {}
_cache_lock = threading.Lock()


def hash_password(password):
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac('sha256', password.encode('utf-8'), salt, _PBKDF2_ROUNDS)
    return 'pbkdf2_sha256$%d$%s$%s' % (_PBKDF2_ROUNDS, base64.b64encode(salt).decode(),
                                       base64.b64encode(digest).decode())


def check_password(password, stored):
    if not stored or password is None:
        return False
    try:
        algo, rounds, salt, digest = stored.split('$')
    except ValueError:
        return False
    computed = hashlib.pbkdf2_hmac('sha256', password.encode('utf-8'),
                                   base64.b64decode(salt), int(rounds))
    return hmac.compare_digest(computed, base64.b64decode(digest))


def _hash(secret):
    return hashlib.sha256(secret.encode('utf-8')).hexdigest()


def isotime(value, subsecond=True):
    if subsecond:
        return value.strftime('%Y-%m-%dT%H:%M:%S.%f') + 'Z'
    return value.strftime('%Y-%m-%dT%H:%M:%SZ')


def expand_roles(session, role_rows):
    """The role rows plus the roles they imply, as [{'id', 'name'}], without duplicates."""
    by_name = {r.name: r for r in session.scalars(sa.select(models.Role))}
    result, todo = {}, list(role_rows)
    while todo:
        role = todo.pop()
        if role.id in result:
            continue
        result[role.id] = {'id': role.id, 'name': role.name}
        todo.extend(by_name[n] for n in IMPLIED_ROLES.get(role.name, ()) if n in by_name)
    return sorted(result.values(), key=lambda r: r['name'])


def roles_for(session, user_id, target_id):
    """The user's effective roles on target_id: own and group assignments, implied roles."""
    from novalite.db import identity_groups  # imports this module
    return expand_roles(session, identity_groups.role_rows(session, user_id, target_id))


def _domain_disabled(session, domain_id):
    """A domain that exists and is disabled (the default domain may not be seeded yet)."""
    row = session.get(models.Project, domain_id) if domain_id else None
    return row is not None and row.is_domain and not row.enabled


def _domain_ref(session, domain_id):
    if domain_id == DEFAULT_DOMAIN['id']:
        return dict(DEFAULT_DOMAIN)
    row = session.get(models.Project, domain_id)
    return {'id': domain_id, 'name': row.name if row else domain_id}


def issue(user_id, project_id=None, domain_id=None, system=False, methods=('password',),
          expires_in=3600, expires_at=None, app_cred_id=None, trust_id=None):
    """Create a token; returns (secret, info). The caller has checked the scope is allowed.

    expires_at caps the lifetime (a rescoped token, an application credential's or a
    trust's expiry); a token issued through an application credential or a trust records it
    and is valid only as long as that delegation is."""
    secret = secrets.token_urlsafe(32)
    now = models.utcnow()
    expires = now + datetime.timedelta(seconds=expires_in)
    if expires_at is not None:
        expires = min(expires, expires_at)
    with db.transaction() as session:
        session.add(models.Token(
            id_hash=_hash(secret), user_id=user_id, project_id=project_id,
            domain_id=domain_id, system=system, methods=list(methods),
            audit_id=secrets.token_urlsafe(16)[:22], issued_at=now, expires_at=expires,
            app_cred_id=app_cred_id, trust_id=trust_id))
    return secret, validate(secret, cache_time=0)


def validate(secret, cache_time=0, allow_expired_window=0):
    """The token's info dict, or None when it is unknown, expired, revoked or disabled.

    allow_expired_window: seconds after expiry a token still validates (Keystone's
    ?allow_expired=1); such lookups bypass the cache."""
    key = _hash(secret)
    if allow_expired_window:
        return _load(key, allow_expired_window)
    if cache_time:
        hit = _cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            info = hit[1]
            if info['_expires'] > models.utcnow():
                return info
    info = _load(key)
    if cache_time and info is not None:
        with _cache_lock:
            if len(_cache) > 10000:
                _cache.clear()
            _cache[key] = (time.monotonic() + cache_time, info)
    return info


def _user_ref(session, user):
    return {'id': user.id, 'name': user.name, 'domain': _domain_ref(session, user.domain_id),
            'password_expires_at': None}


def _user_usable(session, user_id):
    user = session.get(models.User, user_id) if user_id else None
    if user is None or not user.enabled or _domain_disabled(session, user.domain_id):
        return None
    return user


def _project_ref(session, project_id):
    project = session.get(models.Project, project_id)
    if (project is None or not project.enabled or project.is_domain
            or _domain_disabled(session, project.domain_id)):
        return None
    return {'id': project.id, 'name': project.name,
            'domain': _domain_ref(session, project.domain_id)}


def _app_cred_roles(session, token, now):
    """(roles, token body entry) of a token issued through an application credential, or
    None when the credential is gone, expired, or its user lost one of its roles."""
    cred = session.get(models.ApplicationCredential, token.app_cred_id)
    if cred is None or cred.user_id != token.user_id or cred.project_id != token.project_id:
        return None
    if cred.expires_at is not None and cred.expires_at <= now:
        return None
    held = {r['id'] for r in roles_for(session, token.user_id, token.project_id)}
    roles = [dict(r) for r in cred.roles or []]
    if not roles or any(r['id'] not in held for r in roles):
        return None
    entry = {'id': cred.id, 'name': cred.name, 'restricted': not cred.unrestricted}
    rules = session.scalars(
        sa.select(models.AccessRule).join(
            models.ApplicationCredentialAccessRule,
            models.ApplicationCredentialAccessRule.access_rule_id == models.AccessRule.id)
        .where(models.ApplicationCredentialAccessRule.application_credential_id == cred.id)
        .order_by(models.AccessRule.service, models.AccessRule.path)).all()
    if rules:
        entry['access_rules'] = [{'id': r.id, 'service': r.service, 'path': r.path,
                                  'method': r.method} for r in rules]
    return sorted(roles, key=lambda r: r['name']), entry


def _trust_scope(session, token, now):
    """(shown user, roles, token body entry) of a trust-scoped token, or None when the trust
    was deleted or expired, trustor or trustee is disabled, or the trustor lost its roles."""
    trust = session.get(models.Trust, token.trust_id)
    if (trust is None or trust.deleted_at is not None
            or (trust.expires_at is not None and trust.expires_at <= now)):
        return None
    trustor = _user_usable(session, trust.trustor_user_id)
    trustee = _user_usable(session, trust.trustee_user_id)
    if trustor is None or trustee is None or token.user_id != trustee.id:
        return None
    held = {r['id']: r for r in roles_for(session, trustor.id, trust.project_id)}
    wanted = expand_roles(session, [session.get(models.Role, r['id'])
                                    for r in trust.roles or []
                                    if session.get(models.Role, r['id']) is not None])
    roles = [r for r in wanted if r['id'] in held]
    if not roles:
        return None
    entry = {'id': trust.id, 'trustor_user': {'id': trustor.id},
             'trustee_user': {'id': trustee.id}, 'impersonation': bool(trust.impersonation)}
    return (trustor if trust.impersonation else trustee), roles, entry


def _load(key, allow_expired_window=0):
    now = models.utcnow()
    with db.transaction() as session:
        token = session.get(models.Token, key)
        if token is None or token.revoked or token.expires_at + datetime.timedelta(
                seconds=allow_expired_window) <= now:
            return None
        user = _user_usable(session, token.user_id)
        if user is None:
            return None
        info = {
            'methods': list(token.methods),
            'user': _user_ref(session, user),
            'audit_ids': [token.audit_id],
            'issued_at': isotime(token.issued_at),
            'expires_at': isotime(token.expires_at),
            '_expires': token.expires_at,
        }
        if token.project_id:
            info['project'] = _project_ref(session, token.project_id)
            if info['project'] is None:
                return None
            if token.trust_id:
                found = _trust_scope(session, token, now)
                if found is None:
                    return None
                shown, info['roles'], info['OS-TRUST:trust'] = found
                info['user'] = _user_ref(session, shown)
                return info
            info['is_domain'] = False
            if token.app_cred_id:
                found = _app_cred_roles(session, token, now)
                if found is None:
                    return None
                info['roles'], info['application_credential'] = found
            else:
                info['roles'] = roles_for(session, user.id, token.project_id)
            if not info['roles']:
                return None
        elif token.domain_id:
            domain = session.get(models.Project, token.domain_id)
            if domain is None and token.domain_id != DEFAULT_DOMAIN['id']:
                return None
            if domain is not None and (not domain.is_domain or not domain.enabled):
                return None
            info['domain'] = _domain_ref(session, token.domain_id)
            info['roles'] = roles_for(session, user.id, token.domain_id)
            if not info['roles']:
                return None
        elif token.system:
            info['system'] = {'all': True}
            info['roles'] = roles_for(session, user.id, 'system')
            if not info['roles']:
                return None
        elif token.trust_id or token.app_cred_id:
            return None  # delegation is always project-scoped here
        else:
            info['roles'] = []
        return info


def revoke(secret):
    key = _hash(secret)
    with _cache_lock:
        _cache.pop(key, None)
    with db.transaction() as session:
        token = session.get(models.Token, key)
        if token is None or token.revoked or token.expires_at <= models.utcnow():
            return False
        token.revoked = True
        return True


def forget_cached():
    with _cache_lock:
        _cache.clear()


def identity_headers(info):
    """keystonemiddleware's request headers for a validated token."""
    user = info['user']
    headers = {
        'X-Identity-Status': 'Confirmed',
        'X-User-Id': user['id'], 'X-User-Name': user['name'],
        'X-User-Domain-Id': user['domain']['id'], 'X-User-Domain-Name': user['domain']['name'],
        'X-Roles': ','.join(r['name'] for r in info.get('roles', [])),
    }
    project = info.get('project')
    if project:
        headers.update({
            'X-Project-Id': project['id'], 'X-Project-Name': project['name'],
            'X-Project-Domain-Id': project['domain']['id'],
            'X-Project-Domain-Name': project['domain']['name'],
            'X-Tenant-Id': project['id'], 'X-Tenant-Name': project['name'],
        })
    if info.get('domain'):
        headers['X-Domain-Id'] = info['domain']['id']
        headers['X-Domain-Name'] = info['domain']['name']
    if info.get('system'):
        headers['X-System-Scope'] = 'all'
    return headers


def catalog(session, region=None, project_id=None, user_id=None):
    """The v3 service catalog from the catalog tables, endpoint URLs formatted as Keystone
    does: ``$(project_id)s`` (``$(tenant_id)s``) and ``$(user_id)s`` filled in; an endpoint
    whose URL needs a value the token has not (an unscoped or domain token has no project) is
    left out."""
    values = {'user_id': user_id}
    if project_id:
        values.update(project_id=project_id, tenant_id=project_id)
    services = session.scalars(sa.select(models.CatalogService)
                               .where(models.CatalogService.enabled.is_(True))).all()
    endpoints = session.scalars(sa.select(models.Endpoint)
                                .where(models.Endpoint.enabled.is_(True))).all()
    by_service = {}
    for ep in endpoints:
        url = format_url(ep.url, values)
        if url is None:
            continue
        by_service.setdefault(ep.service_id, []).append(
            {'id': ep.id, 'interface': ep.interface, 'region': ep.region_id,
             'region_id': ep.region_id, 'url': url})
    return [{'id': s.id, 'type': s.type, 'name': s.name,
             'endpoints': by_service.get(s.id, [])} for s in services]


def format_url(url, values):
    """Keystone's utils.format_url: the URL with its $(name)s substitutions made, or None
    when one of them has no value."""
    if '$(' not in url:
        return url
    try:
        return url.replace('$(', '%(') % {k: v for k, v in values.items() if v}
    except (KeyError, TypeError, ValueError):
        return None
