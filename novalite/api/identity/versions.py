"""Identity version discovery (unauthenticated), as Keystone serves it."""
from novalite.api.identity import common
from novalite.api import wsgi

_MEDIA = 'application/vnd.openstack.identity-%s+json'


def _v3(req):
    return {
        'id': 'v3.14',
        'status': 'stable',
        'updated': '2020-04-07T00:00:00Z',
        'links': [{'rel': 'self', 'href': common.base_url(req) + '/v3/'}],
        'media-types': [{'base': 'application/json', 'type': _MEDIA % 'v3'}],
    }


def _v2(req):
    return {
        'id': 'v2.0',
        'status': 'deprecated',
        'updated': '2016-08-04T00:00:00Z',
        'links': [{'rel': 'self', 'href': common.base_url(req) + '/v2.0/'},
                  {'rel': 'describedby', 'type': 'text/html',
                   'href': 'https://docs.openstack.org/'}],
        'media-types': [{'base': 'application/json', 'type': _MEDIA % 'v2.0'}],
    }


class VersionsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        return wsgi.ResponseObject({'versions': {'values': [_v3(req)]}}, status=300)

    def show_v3(self, req):
        return {'version': _v3(req)}

    def show_v2(self, req):
        return {'version': _v2(req)}
