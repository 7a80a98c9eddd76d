"""/v3/OS-TRUST/trusts: delegation of a trustor's roles on a project to a trustee (Keystone's
api/trusts.py). Redelegation (a trust made with a trust-scoped token) is not served."""
import uuid

from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import delegation
from novalite.api.identity import schemas_delegation as schemas
from novalite.api import wsgi
from novalite.db import identity as db
from novalite.db import identity_trusts as trust_db


def _url(req, *parts):
    return common.v3_url(req, 'OS-TRUST', 'trusts', *parts)


def _view(req, row, with_roles=True):
    body = {
        'id': row.id, 'trustor_user_id': row.trustor_user_id,
        'trustee_user_id': row.trustee_user_id, 'project_id': row.project_id,
        'impersonation': bool(row.impersonation),
        'expires_at': delegation.isotime(row.expires_at),
        'remaining_uses': row.remaining_uses,
        'allow_redelegation': bool(row.allow_redelegation),
        'redelegation_count': row.redelegation_count, 'redelegated_trust_id': None,
        'deleted_at': None,
        'links': {'self': _url(req, row.id)},
    }
    if with_roles:
        body['roles'] = _roles(req, row)
        body['roles_links'] = {'self': _url(req, row.id, 'roles'), 'next': None,
                               'previous': None}
    return body


def _roles(req, row):
    return [delegation.role_view(req, r['id'], r.get('name')) for r in row.roles or []
            if db.get_role(r['id']) is not None]


def _target(row):
    return {'target.trust.trustor_user_id': row.trustor_user_id,
            'target.trust.trustee_user_id': row.trustee_user_id}


def _trust_or_404(trust_id):
    row = trust_db.get_trust(trust_id)
    if row is None:
        raise errors.TrustNotFound(trust_id=trust_id)
    return row


def _check_app_cred(req):
    """Application credential tokens never manage trusts (Keystone's
    _check_application_credential)."""
    if delegation.is_app_cred_token(common.token_info(req)):
        raise errors.ForbiddenAction(action="Using method 'application_credential' is not "
                                            "allowed for managing trusts.")


def _trust_roles(entity):
    """The requested roles, each held by the trustor on the project (else RoleNotFound)."""
    project_id = entity.get('project_id')
    if not project_id:
        return []
    common.project_or_404(project_id)
    rows = delegation.resolve_roles(entity.get('roles') or [])
    held = {r['id'] for r in db.effective_roles(entity['trustor_user_id'], project_id)}
    for row in rows:
        if row.id not in held:
            raise errors.RoleNotFound(role_id=row.id)
    return [{'id': r.id, 'name': r.name} for r in rows]


class TrustsController:

    def __init__(self, conf):
        self.conf = conf

    def create(self, req, body=None):
        entity = common.member(body, 'trust')
        common.authorize(req, 'identity:create_trust',
                         {'target.trust.trustor_user_id': entity.get('trustor_user_id')})
        _check_app_cred(req)
        common.validate(schemas.trust_create, entity)
        info = common.token_info(req)
        if entity.get('project_id') and not entity.get('roles'):
            raise errors.ForbiddenAction(action='At least one role should be specified')
        if info['user']['id'] != entity['trustor_user_id']:
            raise errors.ForbiddenAction(action='The authenticated user should match the '
                                                'trustor')
        if info.get('OS-TRUST:trust'):
            raise errors.ForbiddenAction(action='Redelegation allowed for delegated by trust '
                                                'only')
        if entity.get('allow_redelegation') and entity.get('remaining_uses') is not None:
            raise errors.ValidationDetail(detail='remaining_uses must not be set if '
                                                 'redelegation is allowed')
        common.user_or_404(entity['trustee_user_id'])
        roles = _trust_roles(entity)
        row = trust_db.create_trust({
            'id': uuid.uuid4().hex, 'trustor_user_id': entity['trustor_user_id'],
            'trustee_user_id': entity['trustee_user_id'],
            'project_id': entity.get('project_id'),
            'impersonation': entity['impersonation'],
            'expires_at': delegation.parse_expiry(entity.get('expires_at')),
            'remaining_uses': entity.get('remaining_uses'),
            'allow_redelegation': bool(entity.get('allow_redelegation')),
            'redelegation_count': 0 if entity.get('allow_redelegation') else None,
            'roles': roles, 'extra': {}})
        return wsgi.ResponseObject({'trust': _view(req, row)}, status=201)

    def index(self, req):
        trustor, trustee = req.GET.get('trustor_user_id'), req.GET.get('trustee_user_id')
        if trustor:
            common.authorize(req, 'identity:list_trusts_for_trustor',
                             {'target.trust.trustor_user_id': trustor})
        elif trustee:
            common.authorize(req, 'identity:list_trusts_for_trustee',
                             {'target.trust.trustee_user_id': trustee})
        else:
            common.authorize(req, 'identity:list_trusts')
        _check_app_cred(req)
        rows = trust_db.list_trusts(trustor_user_id=trustor or None,
                                    trustee_user_id=trustee or None)
        return common.collection(req, 'trusts', [_view(req, r, with_roles=False)
                                                 for r in rows], path='OS-TRUST/trusts')

    def show(self, req, id):
        row = _trust_or_404(id)
        common.authorize(req, 'identity:get_trust', _target(row))
        _check_app_cred(req)
        return {'trust': _view(req, row)}

    @wsgi.response(204)
    def delete(self, req, id):
        row = _trust_or_404(id)
        common.authorize(req, 'identity:delete_trust', _target(row))
        _check_app_cred(req)
        if not trust_db.delete_trust(id):
            raise errors.TrustNotFound(trust_id=id)

    def list_roles(self, req, id):
        row = _trust_or_404(id)
        common.authorize(req, 'identity:list_roles_for_trust', _target(row))
        _check_app_cred(req)
        return {'roles': _roles(req, row),
                'links': {'self': _url(req, id, 'roles'), 'next': None, 'previous': None}}

    def show_role(self, req, id, role_id):
        row = _trust_or_404(id)
        common.authorize(req, 'identity:get_role_for_trust', _target(row))
        _check_app_cred(req)
        for role in _roles(req, row):
            if role['id'] == role_id:
                return {'role': role}
        raise errors.RoleNotFound(role_id=role_id)
