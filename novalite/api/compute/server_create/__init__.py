"""Server-create plugins: the stevedore namespace ``novalite.api.compute.server_create``.

Each plugin owns one part of the create body: ``schema(version)`` returns its fragment
(server properties, top-level properties, required server properties) and
``server_create(server, create_req, body, req)`` fills its fields of ``create_req``, the
``novalite.compute.create_request.CreateRequest`` that ``compute.api.API.create`` reads
(every field a create can carry, with its type and default, is listed there).
"""


class Plugin:
    def __init__(self, conf):
        self.conf = conf

    def schema(self, version):
        return {}, {}, []

    def server_create(self, server, create_req, body, req):
        raise NotImplementedError
