"""GET /novalite/v1/traces and /novalite/v1/traces/{request_id}: what each request did.

An admin reads every trace; anyone else those whose request was made in their project (a
trace of another project is a 404, as if it did not exist). The ``request_id`` of an
instance action (os-instance-actions) is the id of its trace.
"""
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
        return {'trace': found}
