from novalite import exception
from novalite.api import validation as v
from novalite.api.compute import server_create


class MultipleCreate(server_create.Plugin):

    def schema(self, version):
        return {'min_count': v.positive_integer, 'max_count': v.positive_integer,
                'return_reservation_id': v.boolean}, {}, []

    def server_create(self, server, create_req, body, req):
        min_count = int(server.get('min_count', 1))
        max_count = int(server.get('max_count', min_count))
        if min_count > max_count:
            raise exception.Invalid('min_count must be <= max_count')
        create_req.min_count = min_count
        create_req.max_count = max_count
        create_req.return_reservation_id = v.to_bool(server.get('return_reservation_id', False))
