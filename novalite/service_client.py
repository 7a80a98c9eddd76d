"""REST calls to the neighbouring services (image, network), found through the catalog.

The compute services authenticate as the service user ([service_user]); the API validates
what a user asked for with the user's own token, so visibility is the user's.

In the all-in-one (``novalite serve``) the services called live in the calling process:
``serve_in_process`` mounts a ``LocalAdapter`` on the session for the process's own public URL,
so those calls go straight to the WSGI pipeline (same URLs, headers, tokens, bodies, codes and
policies) without a socket. Calls between processes stay HTTP.
"""
import io
import logging
import sys
import threading
import time
import urllib.parse

import requests
import requests.adapters
import requests.structures
import requests.utils

from novalite import concurrency
from novalite import exception
from novalite import trace
from novalite.conf import api as api_conf

_SESSION = None
_SESSION_LOCK = threading.Lock()


def http():
    """One keep-alive session per process."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is None:
            _SESSION = requests.Session()
            _SESSION.trust_env = False  # internal calls never go through a proxy or netrc
            adapter = requests.adapters.HTTPAdapter(pool_connections=8, pool_maxsize=200)
            _SESSION.mount('http://', adapter)
            _SESSION.mount('https://', adapter)
        return _SESSION


def quote(value):
    """``value`` as one URL path segment: every reserved character escaped, and '.' and '..'
    too, which URL normalisation (urllib3, servers) would otherwise resolve as dot segments
    (``/v2.0/networks/..`` would list the networks instead of showing one)."""
    text = urllib.parse.quote(str(value), safe='')
    if not text.strip('.'):
        text = text.replace('.', '%2E')
    return text


def path(template, *values):
    """``template % values`` with each value quoted as a path segment: ids go into internal
    URLs only this way."""
    return template % tuple(quote(value) for value in values)


def serve_in_process(url, app):
    """From now on, requests of ``http()`` to ``url`` (this process's own public URL) are
    served by ``app``, the process's WSGI application, without a socket."""
    http().mount(url.rstrip('/') + '/', LocalAdapter(app))


class LocalAdapter(requests.adapters.BaseAdapter):
    """A transport adapter handing each request to a WSGI application in this process, as
    eventlet.wsgi would hand it over from a socket: the same environ (percent-decoded
    PATH_INFO, CONTENT_TYPE/CONTENT_LENGTH, HTTP_* headers, a chunked body for an iterable),
    and the same response (status, headers, body; a streamed body is read as the caller
    reads it). The application runs in a green thread of its own, as a request of the
    server would, so the caller's green-thread state (trace span, database session) stays
    apart from the request's; the read timeout bounds the wait for its answer
    (ReadTimeout), as over a socket."""

    def __init__(self, app):
        super().__init__()
        self.app = app

    def send(self, request, stream=False, timeout=None, verify=True, cert=None,
             proxies=None):
        environ = wsgi_environ(request)
        if concurrency.patched():
            if isinstance(timeout, tuple):
                timeout = timeout[1]  # (connect, read): there is no connecting here
            try:
                status, headers, body = concurrency.call_in_green_thread(
                    self._call, environ, stream, timeout=timeout)
            except concurrency.Timeout as exc:
                raise requests.exceptions.ReadTimeout(str(exc), request=request)
        else:
            status, headers, body = self._call(environ, stream)
        resp = requests.Response()
        resp.status_code = int(status.split(None, 1)[0])
        resp.reason = status.split(None, 1)[1] if ' ' in status else ''
        resp.headers = headers
        resp.encoding = requests.utils.get_encoding_from_headers(headers)
        resp.raw = body
        resp.url = request.url
        resp.request = request
        resp.connection = self
        if request.method == 'HEAD':
            body.close()
            resp._content = b''
        elif not stream:
            resp.content  # noqa: B018 - read it all now, as requests does without stream
        return resp

    def _call(self, environ, stream):
        started = []
        written = []

        def start_response(status, headers, exc_info=None):
            if exc_info and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return written.append

        try:
            result = self.app(environ, start_response)
            chunks = iter(result)
            if not started:  # a generator application starts once iterated
                first = next(chunks, None)
                written += [first] if first is not None else []
        except Exception:
            # eventlet.wsgi's answer to an application that raised
            logging.getLogger(__name__).exception('in-process %s %s failed',
                                                  environ['REQUEST_METHOD'],
                                                  environ['PATH_INFO'])
            return _internal_error()
        if not started:  # an empty answer without start_response: eventlet.wsgi's 500 too
            logging.getLogger(__name__).error('in-process %s %s answered no status',
                                              environ['REQUEST_METHOD'],
                                              environ['PATH_INFO'])
            return _internal_error()
        headers = requests.structures.CaseInsensitiveDict()
        for name, value in started[1]:
            headers[name] = headers[name] + ', ' + value if name in headers else value
        body = LocalBody(written + [chunks], getattr(result, 'close', None))
        if not stream:
            body.buffer_all()
        return started[0], headers, body

    def close(self):
        pass


def _internal_error():
    return ('500 Internal Server Error',
            requests.structures.CaseInsensitiveDict({'Content-Type': 'text/plain'}),
            LocalBody([b'Internal Server Error\n'], None))


class LocalBody:
    """The ``raw`` of a response the application answered in process: read, stream and
    close as requests uses urllib3's response. An application failing while its body is
    read ends the body as a dropped connection would (ChunkedEncodingError)."""

    def __init__(self, parts, close):
        self._parts = [p if isinstance(p, bytes) else iter(p) for p in parts]
        self._close = close
        self._buf = bytearray()
        self.closed = False

    def _more(self):
        while self._parts:
            part = self._parts[0]
            if isinstance(part, bytes):
                self._parts.pop(0)
                return part
            try:
                chunk = next(part)
            except StopIteration:
                self._parts.pop(0)
                continue
            except Exception as exc:
                self.close()
                raise requests.exceptions.ChunkedEncodingError(
                    'the application failed while sending its body: %s' % exc)
            if chunk:
                return bytes(chunk)
        return None

    def buffer_all(self):
        while (chunk := self._more()) is not None:
            self._buf += chunk
        self.close()

    def read(self, amt=None, decode_content=None, cache_content=False):
        while amt is None or len(self._buf) < amt:
            chunk = self._more()
            if chunk is None:
                break
            self._buf += chunk
        if amt is None:
            amt = len(self._buf)
        data = bytes(self._buf[:amt])
        del self._buf[:amt]
        if not data:
            self.close()
        return data

    def stream(self, amt=65536, decode_content=None):
        while True:
            data = self.read(amt)
            if not data:
                return
            yield data

    def close(self):
        if not self.closed:
            self.closed = True
            self._parts = []
            if self._close is not None:
                self._close()

    def release_conn(self):
        pass


def wsgi_environ(request):
    """The WSGI environ eventlet.wsgi would build for this prepared request."""
    url = urllib.parse.urlsplit(request.url)
    path = url.path or '/'
    environ = {
        'REQUEST_METHOD': request.method, 'SCRIPT_NAME': '', 'RAW_PATH_INFO': path,
        'PATH_INFO': urllib.parse.unquote(path, encoding='latin1'),
        'QUERY_STRING': url.query, 'SERVER_NAME': url.hostname or 'localhost',
        'SERVER_PORT': str(url.port or (443 if url.scheme == 'https' else 80)),
        'SERVER_PROTOCOL': 'HTTP/1.1', 'REMOTE_ADDR': '127.0.0.1', 'REMOTE_PORT': '0',
        'GATEWAY_INTERFACE': 'CGI/1.1', 'CONTENT_TYPE': 'text/plain',
        'HTTP_HOST': url.netloc, 'wsgi.version': (1, 0), 'wsgi.url_scheme': url.scheme,
        'wsgi.errors': sys.stderr, 'wsgi.multithread': True, 'wsgi.multiprocess': False,
        'wsgi.run_once': False,
    }
    for name, value in request.headers.items():
        key = name.upper().replace('-', '_')
        if key not in ('CONTENT_TYPE', 'CONTENT_LENGTH'):
            key = 'HTTP_' + key
        environ[key] = value.decode('latin-1') if isinstance(value, bytes) else value
    body = request.body
    if body is None:
        body = io.BytesIO(b'')
    elif isinstance(body, str):
        body = io.BytesIO(body.encode('iso-8859-1'))  # as http.client sends a str body
    elif isinstance(body, (bytes, bytearray)):
        body = io.BytesIO(bytes(body))
    elif not hasattr(body, 'read'):
        body = IterReader(body)  # requests sends it chunked (Transfer-Encoding)
    environ['wsgi.input'] = body
    return environ


class IterReader(io.RawIOBase):
    """A file over an iterable of byte strings (a chunked request body)."""

    def __init__(self, iterable):
        self._it = iter(iterable)
        self._buf = b''

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self._buf:
            chunk = next(self._it, None)
            if chunk is None:
                return 0
            self._buf = chunk.encode('utf-8') if isinstance(chunk, str) else bytes(chunk)
        n = min(len(buffer), len(self._buf))
        buffer[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


_IDEMPOTENT = frozenset(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])


def send(conf, method, url, **kwargs):
    """One request, retried ([service_user] connect_retries) while the service cannot be
    reached: a refused connection (every method: nothing was sent) or, for idempotent
    methods, a connection dropped before the answer (an API worker restarting)."""
    retries = conf.service_user.connect_retries
    for attempt in range(retries + 1):
        try:
            return _traced(method, url, kwargs)
        except requests.ConnectionError as exc:
            if attempt == retries or not (_not_sent(exc) or method.upper() in _IDEMPOTENT):
                raise
            time.sleep(conf.service_user.connect_retry_delay)


def _traced(method, url, kwargs):
    """The call as a ``rest`` span of the current trace; the service called continues the
    trace under it (``X-Novalite-Trace``)."""
    path = urllib.parse.urlsplit(url).path
    span = trace.child('%s %s' % (method.upper(), path[:200]), 'rest',
                       method=method.upper(), url=url[:500])
    if span is None:
        return http().request(method, url, **kwargs)
    with trace.activate(span, finish=False):
        kwargs['headers'] = dict(kwargs.get('headers') or {}, **{
            trace.HEADER: trace.header_value()})
        resp = http().request(method, url, **kwargs)  # an exception is the span's outcome
    span.attrs['status'] = resp.status_code
    span.finish(outcome='error %d' % resp.status_code if resp.status_code >= 400 else None)
    return resp


def _not_sent(exc):
    import urllib3
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


class ServiceAuth:
    """The service user's token and catalog, renewed before it expires."""

    def __init__(self, conf):
        self.conf = conf
        self._token = None
        self._catalog = []
        self._expires = 0.0
        self._lock = threading.Lock()

    @property
    def auth_url(self):
        return (self.conf.service_user.auth_url
                or api_conf.public_url(self.conf) + '/identity/v3').rstrip('/')

    def token(self):
        with self._lock:
            if self._token is None or time.monotonic() > self._expires:
                self._authenticate()
            return self._token

    def invalidate(self):
        with self._lock:
            self._token = None

    def endpoint(self, service_type):
        self.token()
        interface = self.conf.service_user.interface
        region = self.conf.identity.region_name
        found = [ep for service in self._catalog if service['type'] == service_type
                 for ep in service['endpoints'] if ep['interface'] == interface]
        # like keystoneauth with region_name: this cloud's region first (an operator may
        # have added endpoints of the same type elsewhere through the catalog API)
        found.sort(key=lambda ep: ep.get('region_id') != region)
        if found:
            return found[0]['url'].rstrip('/')
        raise exception.ServiceUnavailable(reason='no %s endpoint in the catalog'
                                           % service_type)

    def _authenticate(self):
        su = self.conf.service_user
        body = {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': su.username, 'domain': {'id': 'default'}, 'password': su.password}}},
            'scope': {'project': {'name': su.project_name, 'domain': {'id': 'default'}}}}}
        try:
            resp = send(self.conf, 'POST', self.auth_url + '/auth/tokens', json=body,
                        timeout=su.timeout)
        except requests.RequestException as exc:
            raise exception.ServiceUnavailable(reason='identity: %s' % exc)
        if resp.status_code != 201:
            raise exception.ServiceUnavailable(
                reason='identity refused the service user (%s)' % resp.status_code)
        self._token = resp.headers['X-Subject-Token']
        self._catalog = resp.json()['token'].get('catalog', [])
        lifetime = self.conf.identity.token_expiration
        self._expires = time.monotonic() + max(30, lifetime - 120)


class Client:
    """Calls one service type with the service token or a user's token."""

    service_type = None
    service_name = None

    def __init__(self, conf, auth):
        self.conf = conf
        self.auth = auth

    def endpoint(self):
        """The service's URL from the catalog (a client may adjust it)."""
        return self.auth.endpoint(self.service_type)

    def request(self, method, path, context=None, json=None, ok=(200, 201, 204),
                not_found=None, headers=None):
        """``context`` given: the user's token; otherwise the service user's. ``headers``
        are sent as well (e.g. a microversion)."""
        url = self.endpoint() + path
        extra = headers or {}
        for attempt in (1, 2):
            token = context.auth_token if context is not None else self.auth.token()
            headers = dict(extra, **{'X-Auth-Token': token or '',
                                     'Accept': 'application/json'})
            if context is not None:
                # Nova's send_service_user_token: the user's call is a step of ours
                headers['X-Service-Token'] = self.auth.token()
            try:
                resp = send(self.conf, method, url, json=json,
                            timeout=self.conf.service_user.timeout, headers=headers)
            except requests.RequestException as exc:
                raise exception.ServiceUnavailable(reason='%s: %s' % (self.service_name, exc))
            if resp.status_code == 401 and context is None and attempt == 1:
                self.auth.invalidate()
                continue
            break
        if resp.status_code in ok:
            return resp.json() if resp.content else None
        if resp.status_code == 404 and not_found is not None:
            raise not_found
        raise exception.RemoteServiceError(service=self.service_name, status=resp.status_code,
                                           reason=_message(resp))


def _message(resp):
    try:
        body = resp.json()
    except ValueError:
        return resp.text.strip()[:200]
    if isinstance(body, dict) and body:
        inner = next(iter(body.values()))
        if isinstance(inner, dict) and 'message' in inner:
            return inner['message']
    return str(body)[:200]
