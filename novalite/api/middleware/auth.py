"""authtoken: validates novalite's own tokens locally, the way keystonemiddleware does.

It strips any identity headers the client sent, validates ``X-Auth-Token`` against the token
table (hashed, expiring, revocable) with a short in-process cache, and passes the result on in
keystonemiddleware's headers (X-User-Id, X-Project-Id, X-Roles, ...), so the context filter
works the same behind keystonemiddleware's auth_token pointed at a real Keystone.

Tokens of an application credential with access rules pass only requests one of the rules
allows (keystonemiddleware's validate_allowed_request): the rule's service is this service's
type (``service_type`` in the filter's paste section, else derived from the mount point) and
its method the request's, and its path matches the request path -- the whole path, as
keystonemiddleware sees it, or the path below the service's mount point (``/v2.1/servers`` as
well as ``/compute/v2.1/servers``); ``*`` and ``{name}`` match one segment, ``**`` any.
Any other request is treated as carrying an invalid token (401), as keystonemiddleware does.
"""
import functools
import re

import webob

from novalite import exception
from novalite.api import deploy
from novalite.identity import tokens

_IDENTITY_HEADERS = (
    'X-Identity-Status', 'X-Service-Identity-Status', 'X-Domain-Id', 'X-Domain-Name',
    'X-Project-Id', 'X-Project-Name', 'X-Project-Domain-Id', 'X-Project-Domain-Name',
    'X-User-Id', 'X-User-Name', 'X-User-Domain-Id', 'X-User-Domain-Name', 'X-Roles',
    'X-Is-Admin-Project', 'X-System-Scope', 'X-Tenant-Id', 'X-Tenant-Name', 'X-Tenant',
    'X-User', 'X-Role', 'X-Service-Roles',
)


# service types of the services novalite mounts, for filters configured without service_type
_SERVICE_TYPES = {'/compute': 'compute', '/identity': 'identity', '/image': 'image',
                  '/networking': 'network', '/volume': 'block-storage'}
_PATH_TOKEN = re.compile(r'(?P<tag>{[^}]*})|(?P<wild>\*(?=$|[^*]))|(?P<rec>\*\*)|'
                         r'(?P<literal>[^{}*])')


@functools.lru_cache(maxsize=1024)
def _path_regex(pattern):
    parts = []
    for match in _PATH_TOKEN.finditer(pattern):
        if match.group('tag') or match.group('wild'):
            parts.append(r'[^/]+')
        elif match.group('rec'):
            parts.append(r'.*')
        else:
            parts.append(re.escape(match.group('literal')))
    return re.compile('^%s$' % ''.join(parts))


def path_matches(path, pattern):
    """keystonemiddleware's access rule path match."""
    return _path_regex(pattern).match(path) is not None


def allowed_by_access_rules(info, service_type, method, script_name, path_info):
    """Whether a validated token may make this request (True unless it is an application
    credential's token with access rules none of which allows it)."""
    rules = (info.get('application_credential') or {}).get('access_rules')
    if rules is None:
        return True
    if not service_type:
        return False
    full = (script_name or '') + (path_info or '')
    if service_type == 'identity' and method == 'GET' and full.endswith('/v3/auth/tokens'):
        return True  # a token can always be validated
    return any(rule['method'] == method and rule['service'] == service_type
               and (path_matches(full, rule['path'])
                    or path_matches(path_info or '/', rule['path']))
               for rule in rules)


class AuthToken:

    def __init__(self, app, conf, delay_auth_decision=False, public_paths=None,
                 service_type=None):
        self.app = app
        self.conf = conf
        self.delay = delay_auth_decision
        self.public = re.compile(public_paths) if public_paths else None
        self.service_type = service_type

    def __call__(self, environ, start_response):
        # plain WSGI (no wsgify): the request goes on as it came, without a Response
        # object rebuilt at this layer; what this layer raises reaches faultwrap
        req = webob.Request(environ)
        for name in _IDENTITY_HEADERS:
            req.headers.pop(name, None)
        secret = req.headers.get('X-Auth-Token') or req.headers.get('X-Storage-Token')
        info = tokens.validate(secret, cache_time=self.conf.identity.token_cache_time) \
            if secret else None
        service = self._service_token_valid(req)
        if info is not None and not service \
                and not allowed_by_access_rules(
                    info, self.service_type or _SERVICE_TYPES.get(req.script_name),
                    req.method, req.script_name, req.path_info):
            info = None
        if info is None:
            if secret and not self.delay and not self._public(req):
                raise exception.NotAuthenticated('The request you have made requires '
                                                 'authentication.')
            if not secret and not self.delay and not self._public(req):
                raise exception.NotAuthenticated()
            req.headers['X-Identity-Status'] = 'Invalid'
            return self.app(environ, start_response)
        req.environ['keystone.token_info'] = info
        req.headers.update(tokens.identity_headers(info))
        if service:
            # keystonemiddleware's X-Service-Roles: the services may tell such a step apart
            # (Cinder lets only Nova delete an attachment Nova uses)
            req.headers['X-Service-Roles'] = service
        return self.app(environ, start_response)

    def _service_token_valid(self, req):
        """A valid X-Service-Token with the service role: the request is one step of a
        service's chain of calls, which access rules do not restrict (keystonemiddleware
        with service_token_roles_required). Returns the service token's roles (comma
        separated) or ''."""
        secret = req.headers.get('X-Service-Token')
        info = tokens.validate(secret, cache_time=self.conf.identity.token_cache_time) \
            if secret else None
        roles = [r['name'] for r in (info or {}).get('roles', [])]
        return ','.join(roles) if 'service' in roles else ''

    def _public(self, req):
        return (self.public is not None and req.method in ('GET', 'HEAD')
                and self.public.match(req.path_info or '/') is not None)


def filter_factory(global_conf, **local_conf):
    conf = deploy.current_conf()
    delay = local_conf.get('delay_auth_decision', 'false').lower() in ('true', '1', 'yes')
    public = local_conf.get('public_paths')
    service_type = local_conf.get('service_type')

    def _filter(app):
        return AuthToken(app, conf, delay_auth_decision=delay, public_paths=public,
                         service_type=service_type)
    return _filter
