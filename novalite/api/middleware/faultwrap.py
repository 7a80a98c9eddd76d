"""The one place where exceptions become fault responses.

Each service speaks its own dialect (the clients parse them): compute answers Nova's
``{"itemNotFound": {"code": 404, "message": ...}}``, identity Keystone's
``{"error": {"code", "message", "title"}}``, network Neutron's
``{"NeutronError": {"type", "message", "detail"}}``, image Glance's plain-text page and
volume Cinder's, which has Nova's shape (``{"badRequest": {"code": 400, "message": ...}}``)
and Cinder's names (no 429; a 413 carries ``retryAfter`` when there is a Retry-After).
The service is named in ``environ['novalite.service']`` by the URL map.
"""
import http.client
import json
import logging

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


def _neutron(code, message, exc):
    kind = type(exc).__name__ if exc is not None else _title(code).replace(' ', '')
    kind = getattr(exc, 'neutron_type', None) or kind
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


class FaultWrapper:

    def __init__(self, application):
        self.application = application

    @webob.dec.wsgify
    def __call__(self, req):
        try:
            resp = req.get_response(self.application)
        except exception.NovaliteException as exc:
            if exc.code >= 500:
                LOG.exception('%s %s failed', req.method, req.path)
            return fault_response(req.environ, exc.code, exc.format_message(), exc,
                                  exc.headers)
        except webob.exc.HTTPException as exc:
            return fault_response(req.environ, exc.code, exc.explanation or exc.title, exc,
                                  {k: v for k, v in exc.headers.items()
                                   if k.lower() in ('allow', 'location', 'retry-after')})
        except Exception:
            LOG.exception('Unexpected error in %s %s', req.method, req.path)
            return fault_response(
                req.environ, 500,
                'Unexpected API Error. Please report this at your cloud operator and attach '
                'the request id if possible.')
        return resp


def filter_factory(global_conf, **local_conf):
    def _filter(app):
        return FaultWrapper(app)
    return _filter
