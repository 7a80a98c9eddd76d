"""novalite/api/openapi.py: the document has every route of every table in
novalite/api/router.py, served under each URL prefix of api-paste.ini, and nothing else."""
import json

import jsonschema
import pytest
import webob

from novalite import rpc
from novalite.api import deploy
from novalite.api import openapi
from novalite.api import router
from tests.unit import rpc_agreement


@pytest.fixture
def app(conf, database, monkeypatch):
    # the block-storage controllers make their RPC client when loaded; nothing is sent here
    monkeypatch.setattr(rpc, 'get_client', lambda topic, version, **kw:
                        rpc_agreement.RecordingClient(topic, version))
    return deploy.load_app(conf)


def _tables():
    """Every route table of router.py: each module-level list of (path, {METHOD: ...})."""
    tables = {}
    for name, value in vars(router).items():
        if name.isupper() and isinstance(value, list) and value and all(
                isinstance(row, tuple) and len(row) == 2 and isinstance(row[0], str)
                and isinstance(row[1], dict) for row in value):
            tables[name] = value
    return tables


def test_every_route_of_every_table_is_in_the_document_and_nothing_else(app):
    doc = openapi.document(app)
    documented = {(path, method.upper()) for path, ops in doc['paths'].items()
                  for method in ops}
    served = set()
    rows_served = set()
    for mount, service, rtr in openapi.mounted(app):
        for path, methods, prefix in rtr.rows:
            rows_served.add((path[len(prefix):], tuple(sorted(methods.items()))))
            served |= {((mount + path) or '/', m) for m in methods}
    assert documented == served
    # ... and every table of router.py is mounted somewhere (a table nobody serves, or a
    # service missing from api-paste.ini, fails here)
    for name, table in _tables().items():
        for path, methods in table:
            assert (path, tuple(sorted(methods.items()))) in rows_served, (name, path)
    assert {'COMPUTE', 'IDENTITY', 'IMAGE', 'NETWORK', 'NOVALITE'} <= set(_tables())


def test_the_document_is_openapi_3_1_with_fault_bodies_and_request_schemas(app):
    doc = openapi.document(app, server_url='http://127.0.0.1:8774')
    assert doc['openapi'] == '3.1.0' and doc['servers'] == [{'url': 'http://127.0.0.1:8774'}]
    create = doc['paths']['/compute/v2.1/servers']['post']
    schema = create['requestBody']['content']['application/json']['schema']
    assert 'anyOf' in schema and 'microversion from 2.52' in create['requestBody'][
        'description']
    assert create['responses']['202']
    assert any(p['name'] == 'OpenStack-API-Version' for p in create['parameters'])
    # every request schema is a valid JSON Schema
    for ops in doc['paths'].values():
        for op in ops.values():
            body = op.get('requestBody')
            if body:
                jsonschema.Draft202012Validator.check_schema(
                    body['content']['application/json']['schema'])
    # the faults are each service's dialect
    nova = doc['paths']['/compute/v2.1/flavors/{id}']['get']['responses']['4XX']
    jsonschema.validate({'itemNotFound': {'code': 404, 'message': 'x'}},
                        nova['content']['application/json']['schema'])
    neutron = doc['paths']['/networking/v2.0/networks']['get']['responses']['4XX']
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({'itemNotFound': {'code': 404, 'message': 'x'}},
                            neutron['content']['application/json']['schema'])
    keystone = doc['paths']['/identity/v3/users']['post']
    assert keystone['requestBody']['content']['application/json']['schema'][
        'required'] == ['user']
    assert 'text/plain' in doc['paths']['/image/v2/images']['get']['responses']['4XX'][
        'content']
    # operation ids are unique
    ids = [op['operationId'] for ops in doc['paths'].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize('path', ['/novalite/v1/openapi.json', '/openapi.json'])
def test_the_document_is_served(app, path):
    resp = webob.Request.blank(path).get_response(app)
    assert resp.status_int == 200, resp.body
    doc = json.loads(resp.body)
    assert '/novalite/v1/openapi.json' in doc['paths']
    assert doc['servers'] == [{'url': 'http://localhost'}]
