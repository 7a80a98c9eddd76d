"""The HTTP span of every request a service pipeline serves (novalite/trace.py).

A request that carries ``X-Novalite-Trace`` is a REST call another novalite service made
while serving a traced request: its span continues that trace, under the caller's span.
Any other request starts a trace keyed by its ``x-openstack-request-id``.
"""
from novalite import trace

_UNTRACED = ('novalite', 'dashboard')


class TraceMiddleware:

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        service = environ.get('novalite.service')
        if not trace.enabled() or service in _UNTRACED:
            return self.app(environ, start_response)
        carrier = trace.parse_header(environ.get('HTTP_X_NOVALITE_TRACE'))
        request_id = environ.get('openstack.request_id')
        method = environ.get('REQUEST_METHOD', 'GET')
        path = environ.get('SCRIPT_NAME', '') + environ.get('PATH_INFO', '')
        if environ.get('QUERY_STRING'):
            path += '?' + environ['QUERY_STRING']
        span = trace.begin(request_id, '%s %s' % (method, path[:200]), 'http',
                           '%s-api' % (service or 'novalite'), carrier=carrier,
                           attrs={'method': method, 'path': path[:500],
                                  'request_id': request_id})
        if span is None:
            return self.app(environ, start_response)
        seen = {}

        def _start_response(status, headers, exc_info=None):
            seen['status'] = status
            seen['headers'] = headers
            return start_response(status, headers, exc_info)

        with trace.activate(span, finish=False):
            result = self.app(environ, _start_response)
        code = int(seen.get('status', '500').split()[0])
        span.attrs['status'] = code
        for name, value in seen.get('headers') or ():
            if name.lower() == 'openstack-api-version':
                span.attrs['microversion'] = value.split()[-1]
        ctx = environ.get('novalite.context')
        if span.project_id is None and ctx is not None:
            span.project_id = ctx.project_id
        span.finish(outcome='error %d' % code if code >= 400 else None)
        return result
