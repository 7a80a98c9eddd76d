"""GET /v2/info/import, /v2/info/stores[/detail]: Glance's discovery calls.

Image data lives in one file store under the state directory, shown as Glance shows a site
configured with one file backend named ``file`` (``enabled_backends = file:file``); images
with data name it in their ``stores``. The interoperable import API (stage, import) is not
served, so no import method is advertised.
"""
import os

from novalite.api.image import access
from novalite.db import image as image_db

STORE_ID = 'file'
CHUNK_SIZE = image_db.CHUNK_SIZE   # glance_store's filesystem_store_chunk_size default


def stores():
    return [{'id': STORE_ID, 'default': 'true'}]


class InfoController:

    def __init__(self, conf):
        self.conf = conf

    def import_info(self, req):
        return {'import-methods': {'description': 'Import methods available.',
                                   'type': 'array', 'value': []}}

    def stores(self, req):
        return {'stores': stores()}

    def stores_detail(self, req):
        access.authorize(req.context, 'stores_info_detail')
        detail = []
        for store in stores():
            store.update(type='file', weight=0, properties={
                'data_dir': os.path.dirname(image_db.data_path(self.conf, 'x')) + '/',
                'chunk_size': CHUNK_SIZE, 'thin_provisioning': False})
            detail.append(store)
        return {'stores': detail}
