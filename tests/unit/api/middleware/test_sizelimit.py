"""sizelimit: bodies over max_request_body_size are 413 overLimit
(novalite/api/middleware/sizelimit.py), in the compute pipeline order
faultwrap -> sizelimit -> router."""
import io
import json

import pytest
import webob
from oslo_config import cfg

from novalite.api import wsgi
from novalite.api.middleware import faultwrap
from novalite.api.middleware import sizelimit

LIMIT = 64


class EchoController:
    def __init__(self):
        self.bodies = []

    def create(self, req, body):
        self.bodies.append(body)
        return {'size': len(json.dumps(body))}


@pytest.fixture
def echo(monkeypatch):
    controller = EchoController()
    monkeypatch.setattr(wsgi, '_load_controllers', lambda ns, conf: {'echo': controller})
    return controller


@pytest.fixture
def app(conf, echo):
    router = wsgi.Router(conf, 'novalite.test.controllers',
                         [('/echo', {'POST': ('echo', 'create')})])
    limiter = sizelimit.filter_factory({}, max_request_body_size=str(LIMIT))(router)
    yield faultwrap.FaultWrapper(limiter)
    # oslo.middleware keeps the limit in the global oslo.config object; leave it as found
    cfg.CONF.clear_override('max_request_body_size', group='oslo_middleware')


def _body(size):
    """A JSON document of exactly ``size`` bytes."""
    doc = '{"k":"%s"}' % ('x' * (size - len('{"k":""}')))
    assert len(doc) == size
    return doc.encode()


def _post(app, raw, chunked=False):
    req = webob.Request.blank('/echo', method='POST', content_type='application/json')
    req.environ['novalite.service'] = 'compute'
    if chunked:
        req.environ['wsgi.input'] = io.BytesIO(raw)
        req.environ['HTTP_TRANSFER_ENCODING'] = 'chunked'
        req.environ.pop('CONTENT_LENGTH', None)
        req.is_body_readable = True
    else:
        req.body = raw
    resp = req.get_response(app)
    return resp, json.loads(resp.body)


def test_body_at_the_limit_passes(app, echo):
    resp, data = _post(app, _body(LIMIT))
    assert resp.status_int == 200
    assert len(echo.bodies) == 1


def test_body_over_the_limit_is_413_over_limit(app, echo):
    resp, data = _post(app, _body(LIMIT + 1))
    assert resp.status_int == 413
    assert data['overLimit']['code'] == 413
    assert str(LIMIT) in data['overLimit']['message']
    assert echo.bodies == []


def test_chunked_body_under_the_limit_passes(app, echo):
    resp, _ = _post(app, _body(LIMIT // 2), chunked=True)
    assert resp.status_int == 200
    assert echo.bodies == [{'k': 'x' * (LIMIT // 2 - 8)}]


def test_chunked_body_over_the_limit_is_413_over_limit(app, echo):
    resp, data = _post(app, _body(LIMIT * 4), chunked=True)
    assert resp.status_int == 413
    assert data['overLimit']['code'] == 413
    assert echo.bodies == []


def test_each_pipeline_keeps_its_own_limit(conf, app, echo):
    router = wsgi.Router(conf, 'novalite.test.controllers',
                         [('/echo', {'POST': ('echo', 'create')})])
    roomy = faultwrap.FaultWrapper(
        sizelimit.filter_factory({}, max_request_body_size=str(LIMIT * 10))(router))
    assert _post(roomy, _body(LIMIT * 2))[0].status_int == 200
    assert _post(app, _body(LIMIT * 2))[0].status_int == 413
    assert _post(roomy, _body(LIMIT * 2))[0].status_int == 200
