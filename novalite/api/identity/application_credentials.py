"""/v3/users/{id}/application_credentials and /v3/users/{id}/access_rules (Keystone's
UserAppCred* and UserAccessRule* resources)."""
import base64
import secrets

from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import delegation
from novalite.api.identity import schemas_delegation as schemas
from novalite.api import wsgi
from novalite.db import identity_credentials as cred_db
from novalite.identity import tokens


def _generate_secret():
    """64 random bytes, URL-safe base64 without padding (as Keystone makes them)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(64)).rstrip(b'=').decode('ascii')


def _view(req, user_id, cred, secret=None):
    body = {
        'id': cred['id'], 'name': cred['name'], 'description': cred['description'],
        'project_id': cred['project_id'], 'expires_at': delegation.isotime(cred['expires_at']),
        'unrestricted': cred['unrestricted'],
        'roles': [delegation.role_view(req, r['id'], r.get('name')) for r in cred['roles']],
        'links': {'self': common.v3_url(req, 'users', user_id, 'application_credentials',
                                        cred['id'])},
    }
    if cred['access_rules'] is not None:
        body['access_rules'] = cred['access_rules']
    if secret is not None:
        body['secret'] = secret
    return body


def _rule_view(req, user_id, rule):
    return dict(rule, links={'self': common.v3_url(req, 'users', user_id, 'access_rules',
                                                   rule['id'])})


def _roles(entity, info):
    """The credential's roles: the requested ones and what they imply, each of them in the
    token; by default the token's roles."""
    held = {r['id']: r for r in info.get('roles', [])}
    if not entity.get('roles'):
        return [dict(r) for r in held.values()]
    roles = delegation.with_implied(delegation.resolve_roles(entity['roles']))
    if any(r['id'] not in held for r in roles):
        raise errors.ApplicationCredentialValidationError(
            detail='Cannot create an application credential with unassigned role')
    return roles


def _owned(user_id, app_cred_id):
    cred = cred_db.get_app_cred(app_cred_id)
    if cred is None or cred['user_id'] != user_id:
        raise errors.ApplicationCredentialNotFound(application_credential_id=app_cred_id)
    return cred


class ApplicationCredentialsController:

    def __init__(self, conf):
        self.conf = conf

    @staticmethod
    def _delegation_checks(req, restricted_too=False):
        info = common.token_info(req)
        delegation.block_trust_token(info)
        if restricted_too:
            delegation.check_unrestricted(info)
        return info

    def create(self, req, id, body=None):
        common.authorize(req, 'identity:create_application_credential', {'user_id': id})
        info = self._delegation_checks(req, restricted_too=True)
        if info['user']['id'] != id:
            raise errors.ForbiddenAction(
                action='Cannot create an application credential for another user.')
        entity = common.member(body, 'application_credential')
        common.validate(schemas.application_credential_create, entity)
        if not info.get('project'):
            raise errors.ApplicationCredentialValidationError(
                detail='Cannot create an application credential with unassigned role')
        secret = entity.get('secret') or _generate_secret()
        cred = cred_db.create_app_cred({
            'name': entity['name'], 'description': entity.get('description'),
            'secret_hash': tokens.hash_password(secret), 'user_id': id,
            'project_id': info['project']['id'], 'roles': _roles(entity, info),
            'unrestricted': bool(entity.get('unrestricted')),
            'expires_at': delegation.parse_expiry(entity.get('expires_at'))},
            access_rules=entity.get('access_rules'))
        return wsgi.ResponseObject({'application_credential': _view(req, id, cred, secret)},
                                   status=201)

    def index(self, req, id):
        common.authorize(req, 'identity:list_application_credentials', {'user_id': id})
        self._delegation_checks(req)
        creds = cred_db.list_app_creds(id, name=req.GET.get('name'))
        return common.collection(req, 'application_credentials',
                                 [_view(req, id, c) for c in creds],
                                 path='users/%s/application_credentials' % id)

    def show(self, req, id, app_cred_id):
        common.authorize(req, 'identity:get_application_credential', {'user_id': id})
        self._delegation_checks(req)
        return {'application_credential': _view(req, id, _owned(id, app_cred_id))}

    @wsgi.response(204)
    def delete(self, req, id, app_cred_id):
        common.authorize(req, 'identity:delete_application_credential', {'user_id': id})
        self._delegation_checks(req, restricted_too=True)
        _owned(id, app_cred_id)
        if not cred_db.delete_app_cred(app_cred_id):
            raise errors.ApplicationCredentialNotFound(application_credential_id=app_cred_id)

    # ----------------------------------------------------------------- access rules

    def list_access_rules(self, req, id):
        common.authorize(req, 'identity:list_access_rules', {'target.user.id': id})
        self._delegation_checks(req)
        rules = cred_db.list_access_rules(id, service=req.GET.get('service'),
                                          path=req.GET.get('path'),
                                          method=req.GET.get('method'))
        return common.collection(req, 'access_rules', [_rule_view(req, id, r) for r in rules],
                                 path='users/%s/access_rules' % id)

    def show_access_rule(self, req, id, rule_id):
        common.authorize(req, 'identity:get_access_rule', {'target.user.id': id})
        self._delegation_checks(req)
        rule = cred_db.get_access_rule(rule_id, id)
        if rule is None:
            raise errors.AccessRuleNotFound(access_rule_id=rule_id)
        return {'access_rule': _rule_view(req, id, rule)}

    @wsgi.response(204)
    def delete_access_rule(self, req, id, rule_id):
        common.authorize(req, 'identity:delete_access_rule', {'target.user.id': id})
        self._delegation_checks(req)
        if not cred_db.delete_access_rule(rule_id, id):
            raise errors.AccessRuleNotFound(access_rule_id=rule_id)
