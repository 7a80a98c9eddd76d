"""/v3/auth: issue, validate, check and revoke tokens; the token's catalog and scopes.
Also ``POST /v2.0/tokens`` (V2TokensController) for clients that still speak v2.0."""
from novalite import exception_identity as errors
from novalite.api.identity import authentication
from novalite.api.identity import common
from novalite.api.identity import views
from novalite.api import wsgi
from novalite.db import identity as db
from novalite.identity import tokens

SUBJECT_TOKEN = 'X-Subject-Token'


def _issue(conf, result):
    secret, info = tokens.issue(
        result.user_id, project_id=result.project_id, domain_id=result.domain_id,
        system=result.system, methods=result.methods,
        expires_in=conf.identity.token_expiration, expires_at=result.expires_at,
        app_cred_id=result.app_cred_id, trust_id=result.trust_id)
    if info is None:
        raise errors.Unauthorized()
    return secret, info


class AuthController:

    def __init__(self, conf):
        self.conf = conf

    @staticmethod
    def _render(req, info):
        catalog = None if 'nocatalog' in req.GET else _catalog(info)
        return views.token(info, catalog)

    def _subject(self, req, action):
        """The validated X-Subject-Token (after the caller's own token and the policy);
        ?allow_expired=1 accepts a token expired less than allow_expired_window ago."""
        common.token_info(req)
        subject = req.headers.get(SUBJECT_TOKEN)
        if not subject:
            raise errors.TokenNotFound('No token in the request')
        window = 0
        if action != 'identity:revoke_token' and common.flag(req, 'allow_expired'):
            window = self.conf.identity.allow_expired_window
        info = tokens.validate(subject, allow_expired_window=window)
        if info is None:
            raise errors.TokenNotFound(token_id=subject)
        common.authorize(req, action, {'target.token.user_id': info['user']['id']})
        return subject, info

    def issue_token(self, req, body=None):
        auth = body.get('auth') if isinstance(body, dict) else None
        secret, info = _issue(self.conf, authentication.authenticate_v3(auth))
        return wsgi.ResponseObject(self._render(req, info), status=201,
                                   headers={SUBJECT_TOKEN: secret})

    def validate_token(self, req):
        subject, info = self._subject(req, 'identity:validate_token')
        return wsgi.ResponseObject(self._render(req, info), headers={SUBJECT_TOKEN: subject})

    def check_token(self, req):
        subject, _info = self._subject(req, 'identity:check_token')
        return wsgi.ResponseObject(None, status=200, headers={SUBJECT_TOKEN: subject})

    @wsgi.response(204)
    def revoke_token(self, req):
        subject, _info = self._subject(req, 'identity:revoke_token')
        if not tokens.revoke(subject):
            raise errors.TokenNotFound(token_id=subject)

    def get_catalog(self, req):
        common.authorize(req, 'identity:get_auth_catalog')
        if not common.token_info(req).get('project'):
            # Keystone: 'A project-scoped token is required to produce a service catalog.'
            raise errors.Forbidden()
        return {'catalog': _catalog(common.token_info(req)),
                'links': {'self': common.v3_url(req, 'auth', 'catalog')}}

    def get_projects(self, req):
        common.authorize(req, 'identity:get_auth_projects')
        user_id = common.token_info(req)['user']['id']
        projects = [views.project(req, p) for p in db.projects_for_user(user_id) if p.enabled]
        return common.collection(req, 'projects', projects, path='auth/projects')

    def get_domains(self, req):
        common.authorize(req, 'identity:get_auth_domains')
        user_id = common.token_info(req)['user']['id']
        domains = [views.domain(req, d) for d in db.domains_for_user(user_id) if d.enabled]
        return common.collection(req, 'domains', domains, path='auth/domains')

    def get_system(self, req):
        common.authorize(req, 'identity:get_auth_system')
        user_id = common.token_info(req)['user']['id']
        return {'system': [{'all': True}] if db.has_system_role(user_id) else [],
                'links': {'self': common.v3_url(req, 'auth', 'system')}}


def _catalog(info):
    """The catalog a token shows, its URLs formatted with the token's project and user."""
    return db.catalog(project_id=(info.get('project') or {}).get('id'),
                      user_id=(info.get('user') or {}).get('id'))


def _v2_catalog(catalog):
    services = []
    for service in catalog:
        by_region = {}
        for ep in service['endpoints']:
            entry = by_region.setdefault(ep['region_id'], {'region': ep['region_id']})
            entry['%sURL' % ep['interface']] = ep['url']
            if ep['interface'] == 'public' or 'id' not in entry:
                entry['id'] = ep['id']
        services.append({'type': service['type'], 'name': service['name'],
                         'endpoints': list(by_region.values()), 'endpoints_links': []})
    return services


def _v2_access(secret, info):
    token = {'id': secret, 'expires': tokens.isotime(info['_expires'], subsecond=False),
             'issued_at': info['issued_at'], 'audit_ids': list(info['audit_ids'])}
    roles = info.get('roles', [])
    catalog = []
    if info.get('project'):
        project = db.get_project(info['project']['id'])
        token['tenant'] = {'id': project.id, 'name': project.name,
                           'description': project.description or '',
                           'enabled': bool(project.enabled)}
        catalog = _v2_catalog(_catalog(info))
    user = info['user']
    return {'access': {
        'token': token,
        'serviceCatalog': catalog,
        'user': {'id': user['id'], 'name': user['name'], 'username': user['name'],
                 'roles': [{'name': r['name']} for r in roles], 'roles_links': []},
        'metadata': {'is_admin': 0, 'roles': [r['id'] for r in roles]},
    }}


class V2TokensController:

    def __init__(self, conf):
        self.conf = conf

    def issue_token(self, req, body=None):
        auth = body.get('auth') if isinstance(body, dict) else None
        secret, info = _issue(self.conf, authentication.authenticate_v2(auth))
        return _v2_access(secret, info)
