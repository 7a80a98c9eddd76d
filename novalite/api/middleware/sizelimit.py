"""oslo.middleware's RequestBodySizeLimiter, raising Nova's 413 overLimit fault."""
import webob
from oslo_middleware import sizelimit

from novalite import exception


class RequestBodySizeLimiter(sizelimit.RequestBodySizeLimiter):

    def __call__(self, environ, start_response):
        # plain WSGI (no wsgify): no Response rebuilt at this layer; the 413 reaches faultwrap
        req = webob.Request(environ)
        max_size = self._conf_get('max_request_body_size')
        if req.content_length is not None and req.content_length > max_size:
            raise exception.RequestEntityTooLarge(
                'Request is too large. Larger than max_request_body_size (%s).' % max_size)
        if req.content_length is None:
            req.body_file = sizelimit.LimitingReader(req.body_file, max_size)
        return self.application(environ, start_response)


def filter_factory(global_conf, **local_conf):
    size = int(local_conf.get('max_request_body_size', 114688))

    def _filter(app):
        return RequestBodySizeLimiter(app, conf={'max_request_body_size': size})
    return _filter
