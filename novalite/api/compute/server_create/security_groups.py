from novalite.api.compute import server_create


class SecurityGroups(server_create.Plugin):

    def schema(self, version):
        return {'security_groups': {
            'type': 'array',
            'items': {'type': 'object',
                      'properties': {'name': {'type': 'string', 'minLength': 1,
                                              'maxLength': 255}},
                      'additionalProperties': False}}}, {}, []

    def server_create(self, server, create_req, body, req):
        groups = server.get('security_groups')
        if groups:
            create_req.security_groups = sorted({g['name'] for g in groups if g.get('name')})
