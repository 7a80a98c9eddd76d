"""os-keypairs: generate or import, list, show and delete a user's key pairs."""
import string

from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import common
from novalite.api import microversion as mv
from novalite.api.compute.schemas import keypairs as schemas
from novalite.api.compute.views import keypairs as views
from novalite.compute import keypairs as keypair_api
from novalite.api.compute.schemas import queries

POLICY = 'os_compute_api:os-keypairs:%s'
_SAFE_CHARS = set('_- ' + string.digits + string.ascii_letters)


class KeypairsController:

    def __init__(self, conf):
        self.conf = conf

    def create(self, req, body):
        ctx = req.context
        validation.validate(self._create_schema(req), body)
        params = body['keypair']
        name = params['name'].strip() if req.legacy_v2 else params['name']
        user_id = (params.get('user_id') if req.api_version >= mv.KEYPAIR_USER_ID
                   else None) or ctx.user_id
        policy.authorize(ctx, POLICY % 'create',
                         {'user_id': user_id, 'project_id': ctx.project_id})
        key_type = params.get('type', 'ssh')
        if req.api_version < mv.KEYPAIR_IMPORT_ONLY:  # 2.92 checks the name by schema
            _check_name(name)
        kp, private_key = keypair_api.create(ctx, self.conf, user_id, name, key_type,
                                             public_key=params.get('public_key'))
        status = 201 if req.api_version >= mv.KEYPAIR_TYPE else 200
        return wsgi.ResponseObject({'keypair': views.created(req, kp, private_key)},
                                   status=status)

    @validation.query(queries.keypairs, strict_from=mv.API_CLEANUP)
    def index(self, req):
        ctx = req.context
        user_id = self._user_id(req)
        policy.authorize(ctx, POLICY % 'index',
                         {'user_id': user_id, 'project_id': ctx.project_id})
        paginated = req.api_version >= mv.KEYPAIR_PAGINATION
        limit, marker = (common.limit_and_marker(req, self.conf.api.max_limit) if paginated
                         else (None, None))
        keypairs = keypair_api.list_keypairs(user_id, limit=limit, marker=marker)
        body = {'keypairs': [views.listed(req, kp) for kp in keypairs]}
        if paginated and keypairs and len(keypairs) == limit:
            body['keypairs_links'] = common.next_link(req, ('os-keypairs',),
                                                      keypairs[-1]['name'])
        return body

    @validation.query(queries.KEYPAIR, strict_from=mv.API_CLEANUP)
    def show(self, req, id):
        ctx = req.context
        user_id = self._user_id(req)
        policy.authorize(ctx, POLICY % 'show',
                         {'user_id': user_id, 'project_id': ctx.project_id})
        return {'keypair': views.detail(req, keypair_api.get(user_id, id))}

    def delete(self, req, id):
        ctx = req.context
        user_id = self._user_id(req)
        policy.authorize(ctx, POLICY % 'delete',
                         {'user_id': user_id, 'project_id': ctx.project_id})
        keypair_api.delete(user_id, id)
        return wsgi.ResponseObject(None, status=204 if req.api_version >= mv.KEYPAIR_TYPE
                                   else 202)

    @staticmethod
    def _create_schema(req):
        if req.legacy_v2:
            return schemas.create_v20
        if req.api_version >= mv.KEYPAIR_IMPORT_ONLY:
            return schemas.create_v292
        if req.api_version >= mv.KEYPAIR_USER_ID:
            return schemas.create_v210
        if req.api_version >= mv.KEYPAIR_TYPE:
            return schemas.create_v22
        return schemas.create

    @staticmethod
    def _user_id(req):
        """The user_id query parameter (2.10, admins); the caller's own otherwise."""
        if req.api_version >= mv.KEYPAIR_USER_ID:
            values = req.GET.getall('user_id')
            if values and values[0]:
                return values[0]
        return req.context.user_id


def _check_name(name):
    if any(ch not in _SAFE_CHARS for ch in name):
        raise exception.InvalidKeypair(reason='Keypair name contains unsafe characters')
    if not 1 <= len(name) <= 255:
        raise exception.InvalidKeypair(reason='Keypair name must be string and between 1 and '
                                           '255 characters long')

