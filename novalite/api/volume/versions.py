"""Block-storage version documents: ``GET /volume/`` (300, unauthenticated) and
``GET /volume/v3/`` (200), as Cinder's versions controller answers them."""
from novalite.api import wsgi
from novalite.api.volume import microversion


def _version(req):
    root = req.host_url + req.script_name  # scheme://host:port/volume
    return {
        'id': 'v3.0',
        'status': 'CURRENT',
        'version': microversion.MAX_VERSION,
        'min_version': microversion.MIN_VERSION,
        'updated': microversion.UPDATED,
        'links': [{'rel': 'describedby', 'type': 'text/html',
                   'href': 'https://docs.openstack.org/'},
                  {'rel': 'self', 'href': root + '/v3/'}],
        'media-types': [{'base': 'application/json',
                         'type': 'application/vnd.openstack.volume+json;version=3'}],
    }


class VersionsController:

    def __init__(self, conf):
        self.conf = conf

    @wsgi.response(300)
    def index(self, req):
        return {'versions': [_version(req)]}

    def show(self, req):
        return {'versions': [_version(req)]}
