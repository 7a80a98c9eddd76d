from novalite.api import validation as v
from novalite.api.compute import server_create


class KeyName(server_create.Plugin):

    def schema(self, version):
        return {'key_name': v.name}, {}, []

    def server_create(self, server, create_req, body, req):
        create_req.key_name = server.get('key_name')
