"""Builds the RequestContext from the identity headers authtoken left (Nova's
NovaKeystoneContext)."""
import webob

from novalite import context


class ContextFilter:

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        req = webob.Request(environ)  # plain WSGI: no Response rebuilt at this layer
        h = req.headers
        roles = [r.strip() for r in h.get('X-Roles', '').split(',') if r.strip()]
        req.environ['novalite.context'] = context.RequestContext(
            user_id=h.get('X-User-Id'), project_id=h.get('X-Project-Id'),
            user_name=h.get('X-User-Name'), project_name=h.get('X-Project-Name'),
            roles=roles, auth_token=h.get('X-Auth-Token'),
            request_id=req.environ.get('openstack.request_id'),
            global_request_id=req.environ.get('openstack.global_request_id'),
            user_domain_id=h.get('X-User-Domain-Id'),
            project_domain_id=h.get('X-Project-Domain-Id'),
            system_scope=h.get('X-System-Scope'),
            service_roles=[r for r in h.get('X-Service-Roles', '').split(',') if r],
            overwrite=False)
        return self.app(environ, start_response)


def filter_factory(global_conf, **local_conf):
    return ContextFilter
