"""Request/response glue shared by the four REST services.

``Router`` is the WSGI application at the end of each paste pipeline: it matches the route
table of its service (novalite/api/router.py), negotiates the compute microversion, decodes a
JSON body, calls the controller method and encodes what it returns. Errors are raised as
``novalite.exception`` classes and rendered by faultwrap.
"""
import inspect
import json

import routes
import stevedore
import webob
import webob.dec
import webob.exc

from novalite.api import microversion
from novalite.api import validation
from novalite import exception

JSON_TYPES = ('application/json',)


class Request(webob.Request):
    api_version = microversion.MIN
    legacy_v2 = False

    @property
    def context(self):
        return self.environ['novalite.context']

    def link(self, *parts):
        """Absolute URL below the versioned root the request came in on (self links)."""
        return '/'.join([self.environ['novalite.version_url']] + [str(p) for p in parts])

    def bookmark(self, *parts):
        """Absolute URL below the unversioned root (Nova's bookmark links)."""
        return '/'.join([self.environ['novalite.bookmark_url']] + [str(p) for p in parts])


class ResponseObject:
    """What a controller returns when it needs more than a 200 JSON body."""

    def __init__(self, body=None, status=200, headers=None, content_type='application/json'):
        self.body = body
        self.status = status
        self.headers = dict(headers or {})
        self.content_type = content_type


def response(status):
    """Decorator: the default status of a controller method (Nova's @wsgi.response)."""
    def decorator(func):
        func.wsgi_code = status
        return func
    return decorator


def dumps(body):
    return json.dumps(body, separators=(',', ':'), default=_default)


def _default(value):
    import datetime
    if isinstance(value, datetime.datetime):
        return value.strftime('%Y-%m-%dT%H:%M:%SZ')
    raise TypeError('%r is not JSON serializable' % (value,))


def load_json(raw):
    """The JSON document of a request body, for every service: ValueError (with a safe
    message) when it is not JSON, nests deeper than the decoder can follow, or holds a
    string that is not Unicode text (a lone surrogate escape such as "\\ud800")."""
    try:
        data = json.loads(raw)
    except RecursionError:
        raise ValueError('The request body is nested too deeply.')
    except ValueError:
        raise ValueError('The request body is not valid JSON.')
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode('utf-8')
            except UnicodeEncodeError:
                raise ValueError('The request body holds a string that is not valid '
                                 'Unicode (a lone surrogate).')
    return data


def _load_controllers(namespace, conf):
    mgr = stevedore.ExtensionManager(namespace, invoke_on_load=True, invoke_args=(conf,))
    return {ext.name: ext.obj for ext in mgr}


class Router:
    """Routes one service's literal table to its stevedore-loaded controllers.

    ``table`` is a list of ``(path, {METHOD: (controller, action)})``; ``prefixes`` are the
    URL prefixes every API path is served under (compute has /v2.1, /v2.1/{project_id} and
    /v2/{project_id}); ``root`` rows are served as they are (version documents).
    ``microversions`` is True for compute's (novalite/api/microversion.py) or the module
    that negotiates the service's own (``negotiate(headers)``, ``response_headers(version)``,
    ``MIN``; block storage: novalite/api/volume/microversion.py).

    A trailing slash is ignored, except with ``strict_slashes`` (compute: Nova's routes
    mapper matches paths literally, so ``DELETE /images/`` is a 404 there), where only the
    version documents (root rows and each prefix's own path) answer with one too.
    """

    def __init__(self, conf, namespace, table, prefixes=('',), root=(), microversions=False,
                 project_id_regex='[0-9a-fA-F-]+', strict_slashes=False):
        self.conf = conf
        self.controllers = _load_controllers(namespace, conf)
        self.microversions = microversion if microversions is True else microversions or None
        self.mapper = routes.Mapper()
        self.routes = []
        rows = [(path, methods, '') for path, methods in root]
        rows += [(prefix + path, methods, prefix) for prefix in prefixes
                 for path, methods in table]
        self.rows = rows  # (path, methods, prefix): what novalite/api/openapi.py describes
        for path, methods, prefix in rows:
            for method, (controller, action) in methods.items():
                if controller not in self.controllers:
                    raise RuntimeError('route %s %s names unknown controller %r in %s'
                                       % (method, path, controller, namespace))
            requirements = {'project_id': project_id_regex} if '{project_id}' in path else {}
            # (methods, prefix, whether a trailing slash may follow)
            self.routes.append((methods, prefix,
                                not strict_slashes or not prefix or path == prefix))
            self.mapper.connect(path or '/', _route=str(len(self.routes) - 1),
                                requirements=requirements)

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, req):
        methods, prefix, kwargs = self._match(req)
        controller_name, action = methods[self._method(req, methods)]
        if prefix.startswith('/v2/'):
            req.legacy_v2 = True
        project_id = kwargs.pop('project_id', None)
        self._check_project_id(req, project_id)
        self._set_urls(req, prefix, project_id)
        versioned = self.microversions is not None and prefix != '' and not req.legacy_v2
        if self.microversions is not None:
            req.api_version = self.microversions.MIN
        if versioned:
            req.api_version = self.microversions.negotiate(req.headers)
        headers = self.microversions.response_headers(req.api_version) if versioned else []
        func = getattr(self.controllers[controller_name], action)
        resp = self._dispatch(req, func, kwargs, headers)
        for name, value in headers:
            resp.headers[name] = value
        return resp

    def _match(self, req):
        """(methods, prefix, path arguments) of the route the path names, or a 404."""
        path = req.path_info.rstrip('/') or '/'
        match = self.mapper.match(path)
        if match is not None and path != (req.path_info or '/') and \
                not self.routes[int(match['_route'])][2]:
            match = None
        if match is None:
            raise exception.NotFound('The resource could not be found.')
        methods, prefix, _slash = self.routes[int(match.pop('_route'))]
        return methods, prefix, {k: v for k, v in match.items() if v is not None}

    @staticmethod
    def _method(req, methods):
        """The method the route answers (HEAD as GET unless it has its own), or a 405."""
        method = req.method if req.method != 'HEAD' or 'HEAD' in methods else 'GET'
        if method not in methods:
            exc = exception.MethodNotAllowed()
            exc.headers = {'Allow': ', '.join(sorted(methods))}
            raise exc
        return method

    @staticmethod
    def _set_urls(req, prefix, project_id):
        root = req.host_url + req.script_name
        req.environ['novalite.version_url'] = root + prefix.replace(
            '{project_id}', project_id or '')
        req.environ['novalite.bookmark_url'] = root + ('/' + project_id if project_id else '')

    def _dispatch(self, req, func, kwargs, headers):
        """Call the controller method and encode its result; errors go on to faultwrap with
        the microversion headers."""
        try:
            # compute 2.102: unknown query parameters are a 400 (a volume 3.x is no compute
            # version: the block-storage service ignores unknown filters, as Cinder)
            if req.method in ('GET', 'HEAD') and self.microversions is microversion:
                validation.check_query(req, func, microversion.STRICT_QUERY)
            if 'body' in _params(func):
                kwargs['body'] = self._decode_body(req)
            return self._encode(req, func, func(req, **kwargs))
        except webob.exc.HTTPException as exc:
            # a webob error must reach faultwrap too, to be rendered in the fault format
            error = exception.NovaliteException(exc.explanation or exc.title)
            error.code = exc.code
            error.headers = dict(headers)
            raise error
        except exception.NovaliteException as exc:
            if headers:  # Nova's error responses carry the microversion headers too
                exc.headers = dict(exc.headers, **dict(headers))
            raise

    @staticmethod
    def _check_project_id(req, project_id):
        if project_id is None:
            return
        ctx = req.environ.get('novalite.context')
        if ctx is not None and ctx.project_id and project_id != ctx.project_id:
            raise exception.Invalid(
                "Malformed request URL: URL's project_id '%s' doesn't match Context's "
                "project_id '%s'" % (project_id, ctx.project_id))

    @staticmethod
    def _decode_body(req):
        try:
            raw = req.body
        except webob.exc.HTTPRequestEntityTooLarge:
            raise exception.RequestEntityTooLarge()
        if not raw:
            return None
        ctype = (req.content_type or 'application/json').lower()
        if 'json' not in ctype:
            exc = exception.NovaliteException('Unsupported Content-Type')
            exc.code = 415
            raise exc
        try:
            return load_json(raw)
        except ValueError as exc:
            raise exception.MalformedRequestBody(reason=str(exc))

    @staticmethod
    def _encode(req, func, result):
        if isinstance(result, webob.Response):
            return result
        if not isinstance(result, ResponseObject):
            result = ResponseObject(result, status=getattr(func, 'wsgi_code', 200))
        resp = webob.Response(status=result.status)
        resp.headerlist = [(k, v) for k, v in result.headers.items()]
        if result.body is None or result.status == 204:
            resp.content_type = None
            resp.headers.pop('Content-Type', None)
            resp.body = b''
        else:
            resp.content_type = result.content_type
            resp.charset = None
            resp.body = dumps(result.body).encode('utf-8')
        return resp


_PARAMS = {}


def _params(func):
    key = getattr(func, '__func__', func)
    try:
        return _PARAMS[key]
    except KeyError:
        params = _PARAMS[key] = frozenset(inspect.signature(func).parameters)
        return params
