from novalite import exception
from novalite.api import validation as v
from novalite.api.compute import server_create


class MultipleCreate(server_create.Plugin):

    def schema(self, version):
        return {'min_count': v.positive_integer, 'max_count': v.positive_integer,
                'return_reservation_id': v.boolean}, {}, []

    def server_create(self, server, kwargs, body, req):
        min_count = int(server.get('min_count', 1))
        max_count = int(server.get('max_count', min_count))
        if min_count > max_count:
            raise exception.Invalid('min_count must be <= max_count')
        kwargs['min_count'] = min_count
        kwargs['max_count'] = max_count
        kwargs['return_reservation_id'] = v.to_bool(server.get('return_reservation_id', False))
