"""Compute version documents (unauthenticated)."""
from novalite.api import microversion
from novalite.api import validation

_UPDATED = {'v2.0': '2011-01-21T11:33:21Z', 'v2.1': '2013-07-23T11:33:21Z'}


def _service_root(req):
    # SCRIPT_NAME is /compute; host_url is scheme://host:port
    return req.host_url + req.script_name


def _version(req, vid):
    is_v21 = vid == 'v2.1'
    return {
        'id': vid,
        'status': 'CURRENT' if is_v21 else 'SUPPORTED',
        'version': microversion.MAX_VERSION if is_v21 else '',
        'min_version': microversion.MIN_VERSION if is_v21 else '',
        'updated': _UPDATED[vid],
        'links': [{'rel': 'self',
                   'href': '%s/%s/' % (_service_root(req), 'v2.1' if is_v21 else 'v2')}],
    }


def _version_detail(req, vid):
    body = _version(req, vid)
    body['links'].append({'rel': 'describedby', 'type': 'text/html',
                          'href': 'http://docs.openstack.org/'})
    body['media-types'] = [{'base': 'application/json',
                            'type': 'application/vnd.openstack.compute+json;version=%s'
                                    % vid[1:]}]
    return {'version': body}


class VersionsController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query(None)  # version documents take any query
    def index(self, req):
        return {'versions': [_version(req, 'v2.0'), _version(req, 'v2.1')]}

    @validation.query(None)  # version documents take any query
    def show(self, req):
        if req.legacy_v2:
            return _version_detail(req, 'v2.0')
        return _version_detail(req, 'v2.1')

    def show_legacy(self, req):
        return _version_detail(req, 'v2.0')

