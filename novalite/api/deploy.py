"""Paste factories. The pipeline order is declared once, in api-paste.ini."""
import os

from paste import deploy as paste_deploy

from novalite import policy
from novalite.api import router
from novalite.api import wsgi

_conf = None
_app = None


def current_conf():
    """The oslo.config object the app is being loaded with (set by :func:`load_app`)."""
    if _conf is None:
        raise RuntimeError('novalite.api.deploy.load_app() loads the paste app')
    return _conf


def paste_config_path(conf):
    name = conf.api.api_paste_config
    candidates = [name]
    for config_file in conf.config_file or []:
        candidates.append(os.path.join(os.path.dirname(os.path.abspath(config_file)), name))
    candidates.append(os.path.join(os.path.dirname(__file__), '..', '..', 'api-paste.ini'))
    candidates.append(os.path.join(os.path.dirname(__file__), 'api-paste.ini'))
    for path in candidates:
        if os.path.isabs(path) and os.path.exists(path):
            return path
        if os.path.exists(os.path.abspath(path)):
            return os.path.abspath(path)
    raise RuntimeError('api-paste.ini not found (looked in %s)' % ', '.join(candidates))


def load_app(conf, name='main'):
    global _conf, _app
    _conf = conf
    policy.init(conf)
    _app = paste_deploy.loadapp('config:%s' % paste_config_path(conf), name=name)
    return _app


def current_app():
    """The app :func:`load_app` loaded last (the URL map of every service)."""
    if _app is None:
        raise RuntimeError('novalite.api.deploy.load_app() loads the paste app')
    return _app


class URLMap:
    """Longest-prefix dispatch to the service apps; names the service for faultwrap."""

    def __init__(self, apps):
        self.apps = sorted(apps, key=lambda item: len(item[0]), reverse=True)

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        for prefix, name, app in self.apps:
            if path == prefix or path.startswith(prefix + '/'):
                environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + prefix
                environ['PATH_INFO'] = path[len(prefix):]
                environ['novalite.service'] = name
                return app(environ, start_response)
        body = b'{"error": {"code": 404, "message": "Not Found", "title": "Not Found"}}'
        start_response('404 Not Found', [('Content-Type', 'application/json'),
                                         ('Content-Length', str(len(body)))])
        return [body]


def urlmap_factory(loader, global_conf, **local_conf):
    apps = []
    for prefix, spec in local_conf.items():
        service, _, app_name = spec.partition(':')
        app_name = app_name or service
        apps.append(('/' + prefix.strip('/'), service, loader.get_app(app_name,
                                                                    global_conf=global_conf)))
    return URLMap(apps)


def compute_factory(global_conf, **local_conf):
    return wsgi.Router(current_conf(), 'novalite.api.compute.controllers', router.COMPUTE,
                       prefixes=router.COMPUTE_PREFIXES, root=router.COMPUTE_ROOT,
                       microversions=True, strict_slashes=True)


def identity_factory(global_conf, **local_conf):
    return wsgi.Router(current_conf(), 'novalite.api.identity.controllers', router.IDENTITY,
                       root=router.IDENTITY_ROOT)


def image_factory(global_conf, **local_conf):
    return wsgi.Router(current_conf(), 'novalite.api.image.controllers', router.IMAGE,
                       root=router.IMAGE_ROOT)


def network_factory(global_conf, **local_conf):
    return wsgi.Router(current_conf(), 'novalite.api.network.controllers', router.NETWORK,
                       root=router.NETWORK_ROOT)


def volume_factory(global_conf, **local_conf):
    from novalite.api.volume import microversion as volume_microversion
    return wsgi.Router(current_conf(), 'novalite.api.volume.controllers', router.VOLUME,
                       prefixes=router.VOLUME_PREFIXES, root=router.VOLUME_ROOT,
                       microversions=volume_microversion, strict_slashes=True)


def novalite_factory(global_conf, **local_conf):
    return wsgi.Router(current_conf(), 'novalite.api.novalite.controllers', router.NOVALITE)


def openapi_root_factory(global_conf, **local_conf):
    return wsgi.Router(current_conf(), 'novalite.api.novalite.controllers', [],
                       root=router.NOVALITE_ROOT)
