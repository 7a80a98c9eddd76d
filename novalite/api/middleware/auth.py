"""authtoken: validates novalite's own tokens locally, the way keystonemiddleware does.

It strips any identity headers the client sent, validates ``X-Auth-Token`` against the token
table (hashed, expiring, revocable) with a short in-process cache, and passes the result on in
keystonemiddleware's headers (X-User-Id, X-Project-Id, X-Roles, ...), so the context filter
works the same behind keystonemiddleware's auth_token pointed at a real Keystone.
"""
import re

import webob.dec

from novalite import exception
from novalite.api import deploy
from novalite.identity import tokens

_IDENTITY_HEADERS = (
    'X-Identity-Status', 'X-Service-Identity-Status', 'X-Domain-Id', 'X-Domain-Name',
    'X-Project-Id', 'X-Project-Name', 'X-Project-Domain-Id', 'X-Project-Domain-Name',
    'X-User-Id', 'X-User-Name', 'X-User-Domain-Id', 'X-User-Domain-Name', 'X-Roles',
    'X-Is-Admin-Project', 'X-System-Scope', 'X-Tenant-Id', 'X-Tenant-Name', 'X-Tenant',
    'X-User', 'X-Role',
)


class AuthToken:

    def __init__(self, app, conf, delay_auth_decision=False, public_paths=None):
        self.app = app
        self.conf = conf
        self.delay = delay_auth_decision
        self.public = re.compile(public_paths) if public_paths else None

    @webob.dec.wsgify
    def __call__(self, req):
        for name in _IDENTITY_HEADERS:
            req.headers.pop(name, None)
        secret = req.headers.get('X-Auth-Token') or req.headers.get('X-Storage-Token')
        info = tokens.validate(secret, cache_time=self.conf.identity.token_cache_time) \
            if secret else None
        if info is None:
            if secret and not self.delay and not self._public(req):
                raise exception.NotAuthenticated('The request you have made requires '
                                                 'authentication.')
            if not secret and not self.delay and not self._public(req):
                raise exception.NotAuthenticated()
            req.headers['X-Identity-Status'] = 'Invalid'
            return req.get_response(self.app)
        req.environ['keystone.token_info'] = info
        req.headers.update(tokens.identity_headers(info))
        return req.get_response(self.app)

    def _public(self, req):
        return (self.public is not None and req.method in ('GET', 'HEAD')
                and self.public.match(req.path_info or '/') is not None)


def filter_factory(global_conf, **local_conf):
    conf = deploy.current_conf()
    delay = local_conf.get('delay_auth_decision', 'false').lower() in ('true', '1', 'yes')
    public = local_conf.get('public_paths')

    def _filter(app):
        return AuthToken(app, conf, delay_auth_decision=delay, public_paths=public)
    return _filter
