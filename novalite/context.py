"""The request context: who asks, for which project, in which request.

It travels with every RPC message (``to_dict``/``from_dict``) so each log line and instance
action event names the request that caused it.
"""
from oslo_context import context as o_context


class RequestContext(o_context.RequestContext):

    def __init__(self, user_id=None, project_id=None, roles=None, is_admin=None,
                 service_catalog=None, user_name=None, project_name=None, **kwargs):
        kwargs.setdefault('user_id', user_id)
        kwargs.setdefault('project_id', project_id)
        super().__init__(roles=roles or [], **kwargs)
        self.user_name = user_name
        self.project_name = project_name
        self.service_catalog = service_catalog or []
        if is_admin is None:
            is_admin = 'admin' in [r.lower() for r in self.roles]
        self.is_admin = is_admin

    def to_dict(self):
        d = super().to_dict()
        d.update(user_name=self.user_name, project_name=self.project_name,
                 is_admin=self.is_admin, roles=list(self.roles))
        return d

    @classmethod
    def from_dict(cls, values):
        return cls(
            user_id=values.get('user_id') or values.get('user'),
            project_id=values.get('project_id') or values.get('project'),
            roles=values.get('roles'), is_admin=values.get('is_admin'),
            user_name=values.get('user_name'), project_name=values.get('project_name'),
            request_id=values.get('request_id'), auth_token=values.get('auth_token'),
            global_request_id=values.get('global_request_id'),
            user_domain_id=values.get('user_domain_id') or values.get('user_domain'),
            project_domain_id=values.get('project_domain_id') or values.get('project_domain'),
            system_scope=values.get('system_scope'),
            read_only=values.get('read_only', False),
            show_deleted=values.get('show_deleted', False),
            overwrite=False)

    def elevated(self):
        ctx = self.from_dict(self.to_dict())
        ctx.is_admin = True
        if 'admin' not in ctx.roles:
            ctx.roles = list(ctx.roles) + ['admin']
        return ctx


def get_admin_context():
    return RequestContext(is_admin=True, roles=['admin'], overwrite=False)
