"""The one place where exceptions become fault responses.

Each service speaks its own dialect (the clients parse them): compute answers Nova's
``{"itemNotFound": {"code": 404, "message": ...}}``, identity Keystone's
``{"error": {"code", "message", "title"}}``, network Neutron's
``{"NeutronError": {"type", "message", "detail"}}``, image Glance's plain-text page and
volume Cinder's, which has Nova's shape (``{"badRequest": {"code": 400, "message": ...}}``)
and Cinder's names (no 429; a 413 carries ``retryAfter`` when there is a Retry-After).
The service is named in ``environ['novalite.service']`` by the URL map.

faultwrap is in every service's pipeline, so it is also the one place where what the WSGI
server hands over is checked before anything decodes it: a path or query string that is not
UTF-8 after percent-decoding is a 400 here (webob would raise UnicodeDecodeError wherever
``req.path_info`` or ``req.GET`` is first touched), and a chunked body (no Content-Length)
is marked readable, so webob reads it and sizelimit's LimitingReader bounds it.
"""
import http.client
import json
import logging
import urllib.parse

import webob
import webob.dec
import webob.exc

from novalite import exception

LOG = logging.getLogger(__name__)

NOVA_FAULT_NAMES = {
    400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'itemNotFound',
    405: 'badMethod', 409: 'conflictingRequest', 413: 'overLimit', 415: 'badMediaType',
    429: 'overLimit', 501: 'notImplemented', 503: 'serviceUnavailable',
}


def _title(code):
    return http.client.responses.get(code, 'Error')


def _nova(code, message, exc):
    name = NOVA_FAULT_NAMES.get(code, 'computeFault')
    return 'application/json', {name: {'code': code, 'message': message}}


CINDER_FAULT_NAMES = {
    400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'itemNotFound',
    405: 'badMethod', 409: 'conflictingRequest', 413: 'overLimit', 415: 'badMediaType',
    501: 'notImplemented', 503: 'serviceUnavailable',
}


def _cinder(code, message, exc):
    name = CINDER_FAULT_NAMES.get(code, 'computeFault')
    fault = {'code': code, 'message': message}
    retry = (getattr(exc, 'headers', None) or {}).get('Retry-After')
    if code == 413 and retry:
        fault['retryAfter'] = retry
    return 'application/json', {name: fault}


def _keystone(code, message, exc):
    return 'application/json', {'error': {'code': code, 'message': message,
                                          'title': _title(code)}}


# novalite.exception classes whose names Neutron's own exceptions have too
NEUTRON_NAMES = frozenset(['NetworkNotFound', 'PortNotFound', 'SecurityGroupNotFound',
                           'PolicyNotAuthorized', 'OverQuota'])


def _neutron(code, message, exc):
    # Neutron names its own exception class; anything else reaches its fault handler as
    # the webob error of the status (HTTPBadRequest, HTTPUnsupportedMediaType, ...)
    kind = getattr(exc, 'neutron_type', None)
    if not kind and type(exc).__name__ in NEUTRON_NAMES:
        kind = type(exc).__name__
    if not kind:
        kind = getattr(webob.exc.status_map.get(code), '__name__', 'HTTPInternalServerError')
    return 'application/json', {'NeutronError': {'type': kind, 'message': message,
                                                 'detail': ''}}


def _glance(code, message, exc):
    return 'text/plain', '%d %s\n\n%s\n\n   ' % (code, _title(code), message)


STYLES = {'compute': _nova, 'identity': _keystone, 'network': _neutron, 'image': _glance,
          'volume': _cinder}


def fault_response(environ, code, message, exc=None, headers=None):
    style = STYLES.get(environ.get('novalite.service'), _nova)
    content_type, body = style(code, message, exc)
    resp = webob.Response(status=code)
    resp.content_type = content_type
    if content_type == 'application/json':
        resp.charset = None
        resp.body = json.dumps(body).encode('utf-8')
    else:
        resp.charset = 'UTF-8'
        resp.text = body
    for name, value in (headers or {}).items():
        resp.headers[name] = value
    return resp


def describe(environ):
    """``METHOD path?query`` for a log line, whatever bytes the path holds."""
    path = environ.get('SCRIPT_NAME', '') + environ.get('PATH_INFO', '')
    query = environ.get('QUERY_STRING', '')
    return '%s %s' % (environ.get('REQUEST_METHOD'), ascii(path + ('?' + query if query
                                                                    else ''))[1:-1])


def undecodable(environ):
    """What of the request cannot be decoded as UTF-8 (None when all of it can)."""
    try:
        # PEP 3333: the server hands the percent-decoded path over as latin-1 code points
        (environ.get('SCRIPT_NAME', '') + environ.get('PATH_INFO', '')).encode(
            'latin-1').decode('utf-8')
    except UnicodeError:
        return 'The request path is not valid UTF-8.'
    try:
        urllib.parse.parse_qsl(environ.get('QUERY_STRING', ''), keep_blank_values=True,
                               errors='strict')
    except UnicodeError:
        return 'The query string is not valid UTF-8.'
    return None


def mark_chunked_body(environ):
    """A chunked body has no Content-Length: the server's input ends at the last chunk, so
    webob may read it to the end (sizelimit bounds it)."""
    if environ.get('CONTENT_LENGTH') in (None, '') and 'chunked' in environ.get(
            'HTTP_TRANSFER_ENCODING', '').lower():
        environ['wsgi.input_terminated'] = True


class FaultWrapper:

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        reason = undecodable(environ)
        if reason is not None:
            LOG.info('%s %s: 400, %s', environ.get('openstack.request_id'),
                     describe(environ), reason)
            return fault_response(environ, 400, reason)(environ, start_response)
        mark_chunked_body(environ)
        return self._call(environ, start_response)

    @webob.dec.wsgify
    def _call(self, req):
        try:
            resp = req.get_response(self.application)
        except exception.NovaliteException as exc:
            if exc.code >= 500:
                LOG.exception('%s failed', describe(req.environ))
            else:  # as Nova's fault wrapper: "HTTP exception thrown"
                LOG.info('HTTP exception thrown: %s: %d, %s', describe(req.environ),
                         exc.code, exc.format_message())
            return fault_response(req.environ, exc.code, exc.format_message(), exc,
                                  exc.headers)
        except webob.exc.HTTPException as exc:
            LOG.info('HTTP exception thrown: %s: %d, %s', describe(req.environ), exc.code,
                     exc.explanation or exc.title)
            return fault_response(req.environ, exc.code, exc.explanation or exc.title, exc,
                                  {k: v for k, v in exc.headers.items()
                                   if k.lower() in ('allow', 'location', 'retry-after')})
        except Exception:
            LOG.exception('Unexpected error in %s', describe(req.environ))
            return fault_response(
                req.environ, 500,
                'Unexpected API Error. Please report this at your cloud operator and attach '
                'the request id if possible.')
        return resp


def filter_factory(global_conf, **local_conf):
    def _filter(app):
        return FaultWrapper(app)
    return _filter
