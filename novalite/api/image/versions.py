"""GET /image and /image/versions: Glance's version document (300 Multiple Choices)."""
from novalite.api import wsgi

CURRENT = 16  # v2.16; every older v2.x minor is SUPPORTED, as Glance lists them


class VersionsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        href = req.host_url + req.script_name + '/v2/'
        versions = [{'id': 'v2.%d' % minor,
                     'status': 'CURRENT' if minor == CURRENT else 'SUPPORTED',
                     'links': [{'rel': 'self', 'href': href}]}
                    for minor in range(CURRENT, -1, -1)]
        return wsgi.ResponseObject({'versions': versions}, status=300)
