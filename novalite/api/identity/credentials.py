"""/v3/credentials (Keystone's credential API: ec2, cert, totp, ... blobs) and the EC2 view of
them, /v3/users/{id}/credentials/OS-EC2. An ec2 credential's id is the SHA-256 of its access
key; its blob is JSON with ``access`` (and ``secret``)."""
import hashlib
import json
import uuid

from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import delegation
from novalite.api.identity import schemas_delegation as schemas
from novalite.api import wsgi
from novalite.db import identity_credentials as cred_db

_COLUMNS = ('user_id', 'project_id', 'type', 'blob')
EC2 = 'ec2'


def hash_access_key(access):
    return hashlib.sha256(access.encode('utf-8')).hexdigest()


def _view(req, row):
    body = dict(row.extra or {})
    body.update({'id': row.id, 'user_id': row.user_id, 'project_id': row.project_id,
                 'type': row.type, 'blob': row.blob,
                 'links': common.self_links(req, 'credentials', row.id)})
    return body


def _ec2_blob(blob):
    """The JSON object of an ec2 credential's blob, with its access key, or 400."""
    try:
        found = json.loads(blob)
    except (TypeError, ValueError):
        raise errors.ValidationDetail(detail='Invalid blob in credential')
    if not found or not isinstance(found, dict):
        raise errors.ValidationError(attribute='blob', target='credential')
    if found.get('access') is None:
        raise errors.ValidationError(attribute='access', target='blob')
    return found


def _target(row):
    return {'target.credential.user_id': row.user_id}


def _delegation_scope(req, project_id):
    """A delegated token (trust, application credential) only reaches credentials of its
    own project (Keystone's _check_credential_project_scope)."""
    info = common.token_info(req)
    if not (info.get('OS-TRUST:trust') or info.get('application_credential')):
        return
    if project_id != (info.get('project') or {}).get('id'):
        raise errors.ForbiddenAction(action='Credential project does not match the project '
                                            'scope of the delegated token')


def _credential_or_404(credential_id):
    row = cred_db.get_credential(credential_id)
    if row is None:
        raise errors.CredentialNotFound(credential_id=credential_id)
    return row


class CredentialsController:

    def __init__(self, conf):
        self.conf = conf

    def create(self, req, body=None):
        entity = common.member(body, 'credential')
        common.authorize(req, 'identity:create_credential',
                         {'target.credential.user_id': entity.get('user_id')})
        common.validate(schemas.credential_create, entity)
        values, extra = common.split(entity, _COLUMNS)
        values['extra'] = extra
        if entity['type'].lower() == EC2:
            delegation.check_unrestricted(common.token_info(req), 'credentials')
            if not entity.get('project_id'):
                raise errors.ValidationError(attribute='project_id', target='credential')
            values['id'] = hash_access_key(_ec2_blob(entity['blob'])['access'])
        else:
            values['id'] = uuid.uuid4().hex
        _delegation_scope(req, entity.get('project_id'))
        common.user_or_404(entity['user_id'])
        row = cred_db.create_credential(values)
        return wsgi.ResponseObject({'credential': _view(req, row)}, status=201)

    def index(self, req):
        common.authorize(req, 'identity:list_credentials',
                         {'target.credential.user_id': req.context.user_id})
        rows = []
        for row in cred_db.list_credentials(user_id=req.GET.get('user_id'),
                                            type=req.GET.get('type')):
            try:
                common.authorize(req, 'identity:get_credential', _target(row))
                _delegation_scope(req, row.project_id)
            except errors.Forbidden:
                continue
            rows.append(row)
        return common.collection(req, 'credentials', [_view(req, r) for r in rows])

    def show(self, req, id):
        row = cred_db.get_credential(id)
        common.authorize(req, 'identity:get_credential',
                         _target(row) if row else {'target.credential.user_id': None})
        row = _credential_or_404(id)
        _delegation_scope(req, row.project_id)
        return {'credential': _view(req, row)}

    def update(self, req, id, body=None):
        row = cred_db.get_credential(id)
        common.authorize(req, 'identity:update_credential',
                         _target(row) if row else {'target.credential.user_id': None})
        row = _credential_or_404(id)
        _delegation_scope(req, row.project_id)
        entity = common.member(body, 'credential')
        common.validate(schemas.credential_update, entity)
        common.require_matching_id(entity, id)
        values, extra = common.split(entity, _COLUMNS)
        if values.get('type', row.type).lower() == EC2:
            old, new = _ec2_blob(row.blob), _ec2_blob(values.get('blob', row.blob))
            for key in ('trust_id', 'app_cred_id', 'access_token_id', 'access_id'):
                if old.get(key) != new.get(key):
                    raise errors.ValidationDetail(detail='%s can not be updated for '
                                                         'credential' % key)
        merged = dict(row.extra or {}, **extra)
        common.authorize(req, 'identity:update_credential',
                         {'target.credential.user_id': values.get('user_id', row.user_id)})
        values['extra'] = merged
        return {'credential': _view(req, cred_db.update_credential(id, values))}

    @wsgi.response(204)
    def delete(self, req, id):
        row = cred_db.get_credential(id)
        common.authorize(req, 'identity:delete_credential',
                         _target(row) if row else {'target.credential.user_id': None})
        row = _credential_or_404(id)
        _delegation_scope(req, row.project_id)
        if not cred_db.delete_credential(id):
            raise errors.CredentialNotFound(credential_id=id)


# --------------------------------------------------------------------- OS-EC2

def _ec2_view(req, row):
    blob = json.loads(row.blob)
    return {'user_id': row.user_id, 'tenant_id': row.project_id, 'access': blob.get('access'),
            'secret': blob.get('secret'), 'trust_id': blob.get('trust_id'),
            'links': {'self': common.v3_url(req, 'users', row.user_id, 'credentials',
                                            'OS-EC2', blob.get('access'))}}


def _ec2_or_401(user_id, access):
    row = cred_db.get_credential(hash_access_key(access))
    if row is None or row.type != EC2 or row.user_id != user_id:
        raise errors.Unauthorized()  # Keystone: 'EC2 access key not found.'
    return row


class EC2CredentialsController:

    def __init__(self, conf):
        self.conf = conf

    def create(self, req, id, body=None):
        common.authorize(req, 'identity:ec2_create_credential',
                         {'target.credential.user_id': id})
        info = common.token_info(req)
        delegation.check_unrestricted(info, 'credentials')
        entity = body if isinstance(body, dict) else {}
        common.validate(schemas.ec2_credential_create, entity)
        common.user_or_404(id)
        project = common.project_or_404(entity['tenant_id'])
        _delegation_scope(req, project.id)
        trust = info.get('OS-TRUST:trust')
        blob = {'access': uuid.uuid4().hex, 'secret': uuid.uuid4().hex,
                'trust_id': trust['id'] if trust else None}
        row = cred_db.create_credential({
            'id': hash_access_key(blob['access']), 'user_id': id, 'project_id': project.id,
            'type': EC2, 'blob': json.dumps(blob), 'extra': {}})
        return wsgi.ResponseObject({'credential': _ec2_view(req, row)}, status=201)

    def index(self, req, id):
        common.authorize(req, 'identity:ec2_list_credentials', {'user_id': id})
        common.user_or_404(id)
        rows = []
        for row in cred_db.list_credentials(user_id=id, type=EC2):
            try:
                _delegation_scope(req, row.project_id)
            except errors.Forbidden:
                continue
            rows.append(row)
        return common.collection(req, 'credentials', [_ec2_view(req, r) for r in rows],
                                 path='users/%s/credentials/OS-EC2' % id)

    def show(self, req, id, credential_id):
        common.authorize(req, 'identity:ec2_get_credential', {'target.credential.user_id': id})
        common.user_or_404(id)
        row = _ec2_or_401(id, credential_id)
        _delegation_scope(req, row.project_id)
        return {'credential': _ec2_view(req, row)}

    @wsgi.response(204)
    def delete(self, req, id, credential_id):
        common.authorize(req, 'identity:ec2_delete_credential',
                         {'target.credential.user_id': id})
        common.user_or_404(id)
        row = _ec2_or_401(id, credential_id)
        _delegation_scope(req, row.project_id)
        cred_db.delete_credential(row.id)
