"""oslo.middleware's RequestId, also answering Nova's x-compute-request-id."""
from oslo_middleware import request_id


class RequestId(request_id.RequestId):
    compat_headers = ['x-compute-request-id']


def filter_factory(global_conf, **local_conf):
    def _filter(app):
        return RequestId(app)
    return _filter
