"""Identity version discovery (unauthenticated), as Keystone serves it: the version documents
and, for ``Accept: application/json-home``, Keystone's JSON-Home resource list.

The JSON-Home document is built from the IDENTITY route table (router.py), so everything
routed there is listed and nothing else: relation names follow Keystone's (``groups``,
``group``, ``group_users``, ``project_group_role``, ...), path variables become Keystone's
``{group_id}``-style parameters; ``/v3/OS-<EXT>/...`` routes get extension relations.
"""
from novalite.api.identity import common
from novalite.api import router
from novalite.api import wsgi

_MEDIA = 'application/vnd.openstack.identity-%s+json'
JSON_HOME = 'application/json-home'
_REL = 'https://docs.openstack.org/api/openstack-identity/3/%srel/%s'
_PARAM = 'https://docs.openstack.org/api/openstack-identity/3/%sparam/%s'
# Keystone's relation names that do not follow the <entity>_<sub-collection> pattern
_REL_NAMES = {'/v3/users/{id}/password': 'user_change_password'}


def _singular(word):
    return word[:-3] + 'y' if word.endswith('ies') else word[:-1] if word.endswith('s') else word


def _resource(path):
    """(relation, resource) of one /v3 route: {'href'} or {'href-template', 'href-vars'}."""
    segments = path.split('/')[2:]
    ext = ''
    if segments and segments[0].startswith('OS-'):
        ext, segments = 'ext/%s/1.0/' % segments[0], segments[1:]
    words, template, variables = [], [], {}
    for i, segment in enumerate(segments):
        if segment.startswith('{'):
            name = '%s_id' % _singular(segments[i - 1]) if i else segment[1:-1]
            template.append('{%s}' % name)
            variables[name] = _PARAM % (ext, name)
            words[-1] = _singular(words[-1])
        else:
            template.append(segment)
            words.append(segment.replace('-', '_'))
    rel = _REL % (ext, _REL_NAMES.get(path, '_'.join(words)))
    href = '/' + '/'.join(([path.split('/')[2]] if ext else []) + template)
    if not variables:
        return rel, {'href': href}
    return rel, {'href-template': href, 'href-vars': variables}


def json_home(prefix=''):
    """Keystone's JSON-Home document; hrefs below /v3 (prefix '/v3' for the root URL)."""
    resources = {}
    for path, methods in router.IDENTITY:
        if path.startswith('/v3/'):
            rel, resource = _resource(path)
            for key in ('href', 'href-template'):
                if key in resource:
                    resource[key] = prefix + resource[key]
            resources[rel] = resource
    return {'resources': resources}


def _wants_json_home(req):
    return req.accept.best_match(['application/json', JSON_HOME]) == JSON_HOME


def _v3(req):
    return {
        'id': 'v3.14',
        'status': 'stable',
        'updated': '2020-04-07T00:00:00Z',
        'links': [{'rel': 'self', 'href': common.base_url(req) + '/v3/'}],
        'media-types': [{'base': 'application/json', 'type': _MEDIA % 'v3'}],
    }


def _v2(req):
    return {
        'id': 'v2.0',
        'status': 'deprecated',
        'updated': '2016-08-04T00:00:00Z',
        'links': [{'rel': 'self', 'href': common.base_url(req) + '/v2.0/'},
                  {'rel': 'describedby', 'type': 'text/html',
                   'href': 'https://docs.openstack.org/'}],
        'media-types': [{'base': 'application/json', 'type': _MEDIA % 'v2.0'}],
    }


class VersionsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        if _wants_json_home(req):
            return wsgi.ResponseObject(json_home('/v3'), content_type=JSON_HOME)
        v3 = _v3(req)
        return wsgi.ResponseObject({'versions': {'values': [v3]}}, status=300,
                                   headers={'Location': v3['links'][0]['href']})

    def show_v3(self, req):
        if _wants_json_home(req):
            return wsgi.ResponseObject(json_home(), content_type=JSON_HOME)
        return {'version': _v3(req)}

    def show_v2(self, req):
        return {'version': _v2(req)}
