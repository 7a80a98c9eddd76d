"""oslo.middleware's RequestId, also answering Nova's x-compute-request-id."""
from oslo_middleware import request_id

from novalite.api.middleware import trace


class RequestId(request_id.RequestId):
    compat_headers = ['x-compute-request-id']


def filter_factory(global_conf, **local_conf):
    def _filter(app):
        return RequestId(trace.TraceMiddleware(app))  # the trace's HTTP span
    return _filter
