from novalite.api.compute import server_create


class UserData(server_create.Plugin):

    def schema(self, version):
        return {'user_data': {'type': ['string', 'null'], 'maxLength': 65535}}, {}, []

    def server_create(self, server, create_req, body, req):
        create_req.user_data = server.get('user_data')
