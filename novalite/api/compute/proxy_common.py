"""Shared by the deprecated proxy APIs (Nova's image and network proxies): the 2.36 gate,
the REST clients of the image and network services (with the caller's token), and the
translation of their errors into compute faults."""
from novalite import exception
from novalite import service_client
from novalite.api import microversion as mv
from novalite.image import api as image_api
from novalite.network import api as network_api

_AUTH = {}


def check_version(req):
    """The proxy APIs are gone from 2.36: 404 as Nova answers."""
    if req.api_version >= mv.PROXY_APIS_REMOVED:
        raise exception.NotFound('The resource could not be found.')


def _auth(conf):
    key = id(conf)
    if key not in _AUTH:
        _AUTH[key] = service_client.ServiceAuth(conf)
    return _AUTH[key]


def images(conf):
    return image_api.ImageAPI(conf, _auth(conf))


def network(conf):
    return network_api.NetworkAPI(conf, _auth(conf))


_CLIENTS = {'images': images, 'network': network}


class ProxyController:
    """Base of the proxy controllers: ``service`` (``images`` or ``network``) names the REST
    client, made on first use."""

    service = None

    def __init__(self, conf):
        self.conf = conf
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = _CLIENTS[self.service](self.conf)
        return self._client


def call(client, method, path, context, json=None, not_found=None, messages=None):
    """client.request with the user's token; the service's 400/403/409 become compute
    faults (``messages`` may reword them by status)."""
    try:
        return client.request(method, path, context=context, json=json, not_found=not_found)
    except exception.RemoteServiceError as exc:
        status = exc.kwargs.get('status')
        reason = (messages or {}).get(status) or exc.kwargs.get('reason') or ''
        if status == 400:
            raise exception.Invalid(reason)
        if status == 403:
            raise exception.Forbidden(reason)
        if status == 404:
            raise exception.NotFound(reason)
        if status == 409:
            raise exception.Conflict(reason)
        raise
