"""Read-only catalog: /v3/services, /v3/endpoints and /v3/regions (seeded at start)."""
from novalite.api.identity import common
from novalite.api.identity import errors
from novalite.api.identity import views
from novalite.db import identity as db


class CatalogController:

    def __init__(self, conf):
        self.conf = conf

    def list_services(self, req):
        common.authorize(req, 'identity:list_services')
        rows = db.list_services(type=req.GET.get('type'), name=req.GET.get('name'))
        return common.collection(req, 'services', [views.service(req, r) for r in rows])

    def show_service(self, req, id):
        common.authorize(req, 'identity:get_service', {'target.service.id': id})
        row = db.get_service(id)
        if row is None:
            raise errors.ServiceNotFound(service_id=id)
        return {'service': views.service(req, row)}

    def list_endpoints(self, req):
        common.authorize(req, 'identity:list_endpoints')
        rows = db.list_endpoints(interface=req.GET.get('interface'),
                                 service_id=req.GET.get('service_id'),
                                 region_id=req.GET.get('region_id'))
        return common.collection(req, 'endpoints', [views.endpoint(req, r) for r in rows])

    def show_endpoint(self, req, id):
        common.authorize(req, 'identity:get_endpoint', {'target.endpoint.id': id})
        row = db.get_endpoint(id)
        if row is None:
            raise errors.EndpointNotFound(endpoint_id=id)
        return {'endpoint': views.endpoint(req, row)}

    def list_regions(self, req):
        common.authorize(req, 'identity:list_regions')
        regions = db.list_regions()
        parent = req.GET.get('parent_region_id')
        if parent:
            regions = []  # novalite's regions are flat
        return common.collection(req, 'regions', [views.region(req, r) for r in regions])
