from novalite.api import validation as v
from novalite.api.compute import server_create


class ConfigDrive(server_create.Plugin):

    def schema(self, version):
        return {'config_drive': {'type': ['boolean', 'string', 'null'],
                                 'enum': v.boolean['enum'] + ['', None]}}, {}, []

    def server_create(self, server, create_req, body, req):
        value = server.get('config_drive')
        create_req.config_drive = bool(value) and v.to_bool(value)
