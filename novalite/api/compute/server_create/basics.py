from novalite.api import microversion as mv
from novalite.api import validation as v
from novalite.api.compute import server_create


class NameDescription(server_create.Plugin):
    """name, imageRef, flavorRef, adminPass and (2.19) description."""

    def schema(self, version):
        props = {}
        if version >= mv.DESCRIPTION:
            props['description'] = v.description
        return props, {}, []

    def server_create(self, server, create_req, body, req):
        create_req.name = server['name']
        create_req.image_ref = server.get('imageRef')
        create_req.flavor_ref = server['flavorRef']
        create_req.admin_password = server.get('adminPass')
        if 'description' in server:
            create_req.description = server['description']


class Metadata(server_create.Plugin):

    def schema(self, version):
        return {'metadata': v.metadata}, {}, []

    def server_create(self, server, create_req, body, req):
        create_req.metadata = server.get('metadata') or {}


class AccessIPs(server_create.Plugin):

    def schema(self, version):
        return {'accessIPv4': v.ipv4, 'accessIPv6': v.ipv6}, {}, []

    def server_create(self, server, create_req, body, req):
        create_req.access_ip_v4 = server.get('accessIPv4')
        create_req.access_ip_v6 = server.get('accessIPv6')
