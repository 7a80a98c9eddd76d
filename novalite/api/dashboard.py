"""``/dashboard/``: the web dashboard, static HTML/JS/CSS shipped in the package
(``novalite/dashboard/``): no build step, nothing loaded from elsewhere. The page logs in
against ``/identity`` and reads the APIs with the token it keeps in memory."""
import mimetypes
import os

import webob
import webob.dec

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'dashboard')
_TYPES = {'.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css',
          '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon'}
_HEADERS = {
    # the page talks to its own origin only
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; "
                               "style-src 'self'; script-src 'self'; connect-src 'self'; "
                               "frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
}


class Dashboard:

    def __init__(self, root=ROOT):
        self.root = root

    @webob.dec.wsgify
    def __call__(self, req):
        if req.method not in ('GET', 'HEAD'):
            return webob.Response(status=405, headers={'Allow': 'GET, HEAD'})
        path = req.path_info or ''
        if path == '':
            return webob.Response(status=301, location=req.script_name + '/')
        name = path.lstrip('/') or 'index.html'
        full = os.path.realpath(os.path.join(self.root, name))
        if not full.startswith(os.path.realpath(self.root) + os.sep) or \
                not os.path.isfile(full):
            return webob.Response(status=404, content_type='text/plain',
                                  body=b'Not Found\n')
        ext = os.path.splitext(full)[1]
        ctype = _TYPES.get(ext) or mimetypes.guess_type(full)[0] or 'application/octet-stream'
        with open(full, 'rb') as f:
            body = f.read()
        resp = webob.Response(body=body)
        resp.headers.update(_HEADERS)
        resp.content_type = ctype
        if ctype.startswith('text/'):
            resp.charset = 'utf-8'
        return resp


def app_factory(global_conf, **local_conf):
    return Dashboard()
