"""One OpenAPI 3.1 document for every path every mounted service serves, generated, never
written by hand.

It is read off the loaded paste app (api-paste.ini): each URL prefix of the URL map, the
``wsgi.Router`` at the end of that prefix's pipeline and the rows of its route table
(novalite/api/router.py), so a service mounted in api-paste.ini is described without a
change here. For each operation:

- path parameters from the route's ``{name}`` variables;
- the request body's JSON Schema where the controller method validates its body against
  a schema object (found in the method's source: ``validate(<schema>, body)``; a schema
  chosen by microversion, ``a if version >= X else b``, becomes ``anyOf`` with a note), or
  where the controller names them by microversion (``openapi_schemas(action)``);
- the success status (``@wsgi.response``) and the service's fault body for every 4xx,
  derived from the service's fault dialect in faultwrap;
- for the microversioned compute API, the ``OpenStack-API-Version`` header.

``GET /novalite/v1/openapi.json`` (and ``/openapi.json``) serves it, ``novalite-manage
openapi`` prints it.
"""
import ast
import inspect
import re
import sys
import textwrap

from novalite.api import microversion
from novalite.api import wsgi
from novalite.api.middleware import faultwrap

_VAR = re.compile(r'{(\w+)}')
_METHODS = ('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS')


# ------------------------------------------------------------------ the mounted services
def mounted(app):
    """[(URL prefix, service name, wsgi.Router)] of the URL map ``app``."""
    found = []
    for prefix, service, pipeline in getattr(app, 'apps', []):
        router = find_router(pipeline)
        if router is not None:
            found.append((prefix, service, router))
    return sorted(found, key=lambda item: item[0])


def find_router(app, depth=12):
    """The wsgi.Router at the end of a pipeline of middleware (each holds the next app in
    an attribute: ``application``, ``app``, ...)."""
    seen = set()
    todo = [(app, 0)]
    while todo:
        obj, level = todo.pop()
        if isinstance(obj, wsgi.Router):
            return obj
        if id(obj) in seen or level >= depth:
            continue
        seen.add(id(obj))
        for value in list(getattr(obj, '__dict__', {}).values()):
            if callable(value) and not inspect.isroutine(value) and not isinstance(value, type):
                todo.append((value, level + 1))
    return None


def operations(app):
    """{(path, METHOD): (service, router, controller name, action, route prefix)} of every
    served operation."""
    ops = {}
    for mount, service, router in mounted(app):
        for path, methods, prefix in router.rows:
            for method, (controller, action) in methods.items():
                full = (mount + path) or '/'
                ops[(full, method)] = (service, router, controller, action, prefix)
    return ops


# ------------------------------------------------------------------ fault bodies
def fault_schema(service):
    """The JSON Schema (or None for a text body) of the service's fault body, derived from
    faultwrap's dialect for the service by rendering samples."""
    environ = {'novalite.service': service}
    samples = []
    for code in (400, 401, 403, 404, 405, 409, 413, 415):
        resp = faultwrap.fault_response(environ, code, 'sample')
        if resp.content_type != 'application/json':
            return resp.content_type, {'type': 'string'}
        samples.append(resp.json_body)
    keys = {frozenset(sample) for sample in samples}
    if len(keys) == 1:  # the same envelope for every code
        return 'application/json', _schema_of(samples[0])
    # one member named after the error (Nova's itemNotFound, badRequest, ...)
    inner = _schema_of(next(iter(samples[0].values())))
    return 'application/json', {'type': 'object', 'minProperties': 1, 'maxProperties': 1,
                                'additionalProperties': inner}


def _schema_of(sample):
    if isinstance(sample, dict):
        return {'type': 'object', 'required': sorted(sample),
                'properties': {k: _schema_of(v) for k, v in sample.items()}}
    if isinstance(sample, bool):
        return {'type': 'boolean'}
    if isinstance(sample, int):
        return {'type': 'integer'}
    if isinstance(sample, list):
        return {'type': 'array'}
    return {'type': 'string'}


# ------------------------------------------------------------------ request bodies
def request_schema(controller, action):
    """(JSON Schema, note) of the body ``controller.action`` validates, or (None, None)."""
    hook = getattr(controller, 'openapi_schemas', None)
    if hook is not None:
        by_version = hook(action)
        if by_version:
            return _versions(by_version)
    func = getattr(controller, action, None)
    if func is None:
        return None, None
    found = _validated_schemas(func)
    if not found:
        return None, None
    if len(found) == 1:
        return found[0][1], found[0][0]
    return {'anyOf': [schema for _, schema in found]}, '; '.join(
        note for note, _ in found if note)


def _versions(by_version):
    items = list(by_version.items())
    if len(items) == 1:
        return items[0][1], 'microversion %s' % items[0][0]
    schemas = []
    for label, schema in items:
        schemas.append(dict(schema, title='microversion %s' % label))
    return {'anyOf': schemas}, 'the body differs by microversion: ' + ', '.join(
        label for label, _ in items)


def _validated_schemas(func, owner=None):
    """[(note, schema)] of the schema objects a method passes to a validate(...) call next
    to its ``body``."""
    owner = owner if owner is not None else getattr(func, '__self__', None)
    func = getattr(func, '__func__', func)
    try:
        source = textwrap.dedent(inspect.getsource(func))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return []
    namespace = dict(vars(sys.modules[func.__module__]))
    namespace['self'] = owner
    members = _members(tree)
    assigned = {node.targets[0].id: node.value for node in ast.walk(tree)
                if isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)}
    namespace['__assigned__'] = assigned
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _name(node.func).endswith('validate')
                and len(node.args) >= 2):
            continue
        target = node.args[1]
        if isinstance(target, ast.Name) and target.id in members:
            # validate(schema, entity) of ``entity = member(body, 'user')``: the schema is
            # the body's 'user' member (Keystone's envelopes)
            key = members[target.id]
            found.extend((note, {'type': 'object', 'required': [key],
                                 'properties': {key: schema}})
                         for note, schema in _resolve(node.args[0], namespace))
        elif _mentions_body(target):
            found.extend(_resolve(node.args[0], namespace))
    unique = []
    for note, schema in found:
        if all(schema is not other for _, other in unique):
            unique.append((note, schema))
    return unique


def _members(tree):
    """{variable: key} of the assignments ``variable = f(body, 'key')`` in a method."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name) and isinstance(node.value, ast.Call):
            args = node.value.args
            if len(args) >= 2 and _mentions_body(args[0]) and isinstance(
                    args[1], ast.Constant) and isinstance(args[1].value, str):
                found[node.targets[0].id] = args[1].value
    return found


def _name(node):
    if isinstance(node, ast.Attribute):
        return _name(node.value) + '.' + node.attr
    return getattr(node, 'id', '')


def _mentions_body(node):
    return any(isinstance(n, ast.Name) and n.id == 'body' for n in ast.walk(node))


def _resolve(node, namespace):
    """Schemas an expression can name: a module-level name or attribute, either branch of a
    conditional (noted as microversioned), every schema of a dict indexed by a variable."""
    assigned = namespace.get('__assigned__', {})
    if isinstance(node, ast.Name) and node.id in assigned and assigned[node.id] is not node:
        return _resolve(assigned.pop(node.id), namespace)
    if isinstance(node, ast.IfExp):
        note = 'differs by %s' % ast.unparse(node.test)
        return [(note, schema) for branch in (node.body, node.orelse)
                for _, schema in _resolve(branch, namespace)]
    if isinstance(node, ast.Call) and any(isinstance(a, ast.Name) and a.id == 'req'
                                          for a in node.args):
        # a schema chosen by a function of the request: asked at every microversion
        return _by_version(_evaluate(node.func, namespace))
    if isinstance(node, ast.Subscript):
        container = _evaluate(node.value, namespace)
        if isinstance(container, dict):
            return [('one of %s' % ast.unparse(node.value), value)
                    for value in container.values() if _is_schema(value)]
        return []
    value = _evaluate(node, namespace)
    return [('', value)] if _is_schema(value) else []


class _StandIn:
    """What a schema-choosing function reads of a request."""

    def __init__(self, version, legacy_v2=False):
        self.api_version = version
        self.legacy_v2 = legacy_v2


def _by_version(chooser):
    if not callable(chooser):
        return []
    found = []
    stand_ins = [_StandIn(microversion.MIN, legacy_v2=True)] + [
        _StandIn(microversion.APIVersion(v)) for v, *_ in microversion.VERSIONS]
    for req in stand_ins:
        try:
            schema = chooser(req)
        except Exception:  # noqa: BLE001 - it reads more than a stand-in has
            continue
        if not _is_schema(schema):
            continue
        label = 'legacy v2' if req.legacy_v2 else 'from %s' % req.api_version
        if found and found[-1][1] == schema:
            continue
        if any(schema == other for _, other in found):
            label = 'also ' + label
        found.append(('microversion %s' % label, schema))
    return found


def _evaluate(node, namespace):
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _evaluate(node.value, namespace)
        return getattr(base, node.attr, None) if base is not None else None
    return None


def to_2020(schema):
    """A copy of a draft-4 schema (the request schemas, as Nova writes them) in JSON
    Schema 2020-12, OpenAPI 3.1's dialect: boolean exclusiveMinimum/Maximum become
    numbers, a list of ``items`` becomes ``prefixItems`` (``additionalItems`` then
    ``items``), ``dependencies`` becomes dependentRequired / dependentSchemas."""
    if isinstance(schema, list):
        return [to_2020(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: to_2020(value) for key, value in schema.items()}
    for bound, limit in (('exclusiveMinimum', 'minimum'), ('exclusiveMaximum', 'maximum')):
        if isinstance(out.get(bound), bool):
            if out.pop(bound) and limit in out:
                out[bound] = out.pop(limit)
    if isinstance(out.get('items'), list):
        out['prefixItems'] = out.pop('items')
        if 'additionalItems' in out:
            out['items'] = out.pop('additionalItems')
    if isinstance(out.get('dependencies'), dict):
        for key, value in out.pop('dependencies').items():
            kind = 'dependentRequired' if isinstance(value, list) else 'dependentSchemas'
            out.setdefault(kind, {})[key] = value
    return out


def _is_schema(value):
    return isinstance(value, dict) and ('type' in value or 'properties' in value
                                        or 'anyOf' in value or 'oneOf' in value)


# ------------------------------------------------------------------ the document
def document(app, server_url=None):
    ops = operations(app)
    faults = {}
    paths = {}
    for (path, method), (service, router, controller_name, action, prefix) in sorted(
            ops.items()):
        if service not in faults:
            faults[service] = fault_schema(service)
        controller = router.controllers[controller_name]
        func = getattr(controller, action)
        op = {
            'operationId': '%s.%s.%s.%s%s' % (service, controller_name, action,
                                              method.lower(), _op_suffix(path)),
            'tags': [service],
            'summary': '%s %s' % (controller_name, action),
            'responses': _responses(func, faults[service]),
        }
        params = [{'name': name, 'in': 'path', 'required': True,
                   'schema': {'type': 'string', 'pattern': r'^[^/]+$'}}
                  for name in _VAR.findall(path)]
        if router.microversions and prefix and not prefix.startswith('/v2/'):
            params.append({
                'name': 'OpenStack-API-Version', 'in': 'header', 'required': False,
                'description': 'compute microversion, %s to %s ("compute 2.47", '
                               '"compute latest")' % (microversion.MIN, microversion.MAX),
                'schema': {'type': 'string'}})
        if params:
            op['parameters'] = params
        if 'body' in wsgi._params(func):
            schema, note = request_schema(controller, action)
            body = {'required': False, 'content': {
                'application/json': {'schema': to_2020(schema) if schema is not None
                                     else {}}}}
            if note:
                body['description'] = note
            op['requestBody'] = body
        paths.setdefault(path, {})[method.lower()] = op
    doc = {
        'openapi': '3.1.0',
        'info': {'title': 'novalite', 'version': '1',
                 'description': 'Every path novalite serves: identity (Keystone v3), compute '
                                '(Nova v2.1 and legacy v2), image (Glance v2), network '
                                '(Neutron v2.0) and the other services mounted in '
                                'api-paste.ini. Generated from the route tables, the '
                                'request JSON Schemas and the fault dialects.'},
        'paths': paths,
        'components': {'securitySchemes': {'token': {
            'type': 'apiKey', 'in': 'header', 'name': 'X-Auth-Token'}}},
        'security': [{'token': []}, {}],
    }
    if server_url:
        doc['servers'] = [{'url': server_url}]
    return doc


def _op_suffix(path):
    # the same controller action can be served under several prefixes (compute)
    return '' if not path else ':' + path


def _responses(func, fault):
    content_type, schema = fault
    code = getattr(func, 'wsgi_code', 200)
    body = {content_type: {'schema': schema}}
    responses = {
        str(code): {'description': 'the default status of the operation'},
        '2XX': {'description': 'success (some operations answer another 2xx)'},
        '3XX': {'description': 'version documents answer 300 Multiple Choices'},
        '4XX': {'description': "the service's fault", 'content': body},
    }
    if _raises_not_implemented(func):  # as the real service (Neutron's POST /quotas)
        responses['501'] = {'description': 'not implemented, as upstream', 'content': body}
    return responses


def _raises_not_implemented(func):
    try:
        return 'NotImplemented' in inspect.getsource(getattr(func, '__func__', func))
    except (OSError, TypeError):
        return False


class OpenAPIController:
    """GET /novalite/v1/openapi.json (and /openapi.json): the document of the running
    app."""

    def __init__(self, conf):
        self.conf = conf

    def show(self, req):
        from novalite.api import deploy
        return document(deploy.current_app(), server_url=req.host_url)
