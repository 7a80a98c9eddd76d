from novalite.api import validation as v
from novalite.api.compute import server_create


class ConfigDrive(server_create.Plugin):

    def schema(self, version):
        return {'config_drive': {'type': ['boolean', 'string', 'null'],
                                 'enum': v.boolean['enum'] + ['', None]}}, {}, []

    def server_create(self, server, kwargs, body, req):
        value = server.get('config_drive')
        kwargs['config_drive'] = bool(value) and v.to_bool(value)
