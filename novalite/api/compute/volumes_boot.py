"""/os-volumes_boot: the old alias of /servers (Nova's VolumesBootController), served up to
2.102 and gone (404) from 2.103. The same controller methods as /servers; its actions are
the few Nova's alias kept."""
from novalite import exception
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import server_actions
from novalite.api.compute import server_filters
from novalite.api.compute import servers

# the actions /os-volumes_boot/{id}/action answers (Nova's alias has these only)
ACTIONS = ('confirmResize', 'revertResize', 'reboot', 'resize', 'rebuild', 'createImage',
           'os-start', 'os-stop', 'trigger_crash_dump')


def _served(req):
    if req.api_version >= mv.VOLUMES_BOOT_REMOVED:
        raise exception.NotFound('The resource could not be found.')


class VolumesBootController(servers.ServersController):

    def __init__(self, conf):
        super().__init__(conf)
        self.server_actions = server_actions.ServerActionsController(conf)

    @validation.query(server_filters.QUERY, strict_from=mv.API_CLEANUP,
                      until=mv.VOLUMES_BOOT_REMOVED)
    def index(self, req):
        _served(req)
        return super().index(req)

    @validation.query(server_filters.QUERY, strict_from=mv.API_CLEANUP,
                      until=mv.VOLUMES_BOOT_REMOVED)
    def detail(self, req):
        _served(req)
        return super().detail(req)

    @validation.query(validation.NO_QUERY, until=mv.VOLUMES_BOOT_REMOVED)
    def show(self, req, id):
        _served(req)
        return super().show(req, id)

    @wsgi.response(202)
    def create(self, req, body):
        _served(req)
        return super().create(req, body)

    def update(self, req, id, body):
        _served(req)
        return super().update(req, id, body)

    @wsgi.response(204)
    def delete(self, req, id):
        _served(req)
        return super().delete(req, id)

    def action(self, req, id, body):
        _served(req)
        name = server_actions.action_name(body)
        if name not in ACTIONS:
            raise exception.Invalid('There is no such action: %s' % name)
        return self.server_actions.action(req, id, body)
