"""Server-create plugins: the stevedore namespace ``novalite.api.compute.server_create``.

Each plugin owns one part of the create body: ``schema(version)`` returns its fragment
(server properties, top-level properties, required server properties) and
``server_create(server, create_kwargs, body, req)`` moves its part into the keyword
arguments of ``compute.api.API.create``.
"""


class Plugin:
    def __init__(self, conf):
        self.conf = conf

    def schema(self, version):
        return {}, {}, []

    def server_create(self, server, create_kwargs, body, req):
        raise NotImplementedError
