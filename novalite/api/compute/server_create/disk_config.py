from novalite.api.compute import disk_config
from novalite.api.compute import server_create


class DiskConfig(server_create.Plugin):
    """OS-DCF:diskConfig: AUTO or MANUAL; absent, compute.api takes the image's."""

    def schema(self, version):
        return {disk_config.API_DISK_CONFIG: dict(disk_config.SCHEMA)}, {}, []

    def server_create(self, server, create_req, body, req):
        create_req.auto_disk_config = disk_config.from_api(server, {}).get('auto_disk_config')
