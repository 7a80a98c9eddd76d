"""GET /novalite/v1/traces and /novalite/v1/traces/{request_id}: what each request did.

An admin reads every trace; anyone else those whose request was made in their project (a
trace of another project is a 404, as if it did not exist). The ``request_id`` of an
instance action (os-instance-actions) is the id of its trace.
"""
import hashlib
import re

from novalite import exception
from novalite import policy
from novalite import trace
from novalite.db import trace_db

_SERVER_ID = re.compile(r'^[0-9a-fA-F-]{1,36}$')
MAX_LIMIT = 1000


def _limit(req):
    raw = req.GET.get('limit', '50')
    try:
        limit = int(raw)
    except ValueError:
        limit = -1
    if not 1 <= limit <= MAX_LIMIT:
        raise exception.Invalid('limit must be an integer from 1 to %d.' % MAX_LIMIT)
    return limit


class TracesController:

    def __init__(self, conf):
        self.conf = conf

    def _scope(self, ctx):
        """The project whose traces the caller reads; None: every project."""
        if policy.authorize(ctx, 'novalite:traces:all_projects', fatal=False):
            return None
        return ctx.project_id or '-'

    def index(self, req):
        ctx = req.context
        policy.authorize(ctx, 'novalite:traces:index')
        server_id = req.GET.get('server_id')
        if server_id is not None and not _SERVER_ID.match(server_id):
            raise exception.Invalid('server_id must be a server UUID.')
        limit = _limit(req)
        unknown = set(req.GET) - {'server_id', 'limit'}
        if unknown:
            raise exception.Invalid('Unknown query parameter(s): %s.'
                                    % ', '.join(sorted(unknown)))
        trace.flush()
        return {'traces': trace_db.trace_list(project_id=self._scope(ctx),
                                              server_id=server_id, limit=limit)}

    def show(self, req, request_id):
        ctx = req.context
        policy.authorize(ctx, 'novalite:traces:show')
        trace.flush()
        found = trace_db.trace_get(request_id[:64])
        scope = self._scope(ctx)
        if found is None or (scope is not None and found['project_id'] != scope):
            raise exception.NotFound('Trace %s could not be found.' % request_id)
        if scope is not None:
            _hide_hosts(found, scope)
        return {'trace': found}


def _hide_hosts(trace, project_id):
    """Host names are the admin's (Nova shows others a hash of project and host, hostId):
    anyone else sees ``host-<hash>`` for each, in spans, their names and attributes."""
    spans = trace['spans']
    hosts = {s['host'] for s in spans if s['host']}
    for s in spans:
        attrs = s['attributes']
        if '.' in (attrs.get('to') or ''):
            hosts.add(attrs['to'].split('.', 1)[1])
        hosts.update(h for h in [attrs.get('failed_host')] + list(attrs.get('alternates') or ())
                     if isinstance(h, str))
    alias = {h: 'host-' + hashlib.sha224((project_id + h).encode()).hexdigest()[:10]
             for h in hosts}
    for s in spans:
        attrs = s['attributes']
        s['host'] = alias.get(s['host'], s['host'])
        for host, hidden in alias.items():
            s['name'] = s['name'].replace('.%s.' % host, '.%s.' % hidden)
        if '.' in (attrs.get('to') or ''):
            topic, host = attrs['to'].split('.', 1)
            attrs['to'] = '%s.%s' % (topic, alias.get(host, host))
        if 'failed_host' in attrs:
            attrs['failed_host'] = alias.get(attrs['failed_host'], attrs['failed_host'])
        if 'alternates' in attrs:
            attrs['alternates'] = [alias.get(h, h) for h in attrs['alternates']]
        s['name'] = _replace_from(s['name'], alias)


def _replace_from(name, alias):
    if name.startswith('reschedule from '):
        host = name[len('reschedule from '):]
        return 'reschedule from ' + alias.get(host, host)
    return name
