"""REST calls to the neighbouring services (image, network), found through the catalog.

The compute services authenticate as the service user ([service_user]); the API validates
what a user asked for with the user's own token, so visibility is the user's.
"""
import threading
import time
import urllib.parse

import requests

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
