"""os-instance-actions: what happened to a server, per request id.

Microversions: the actions of a deleted server stay readable from 2.21; events for every
reader of the action from 2.51 (traceback for admins); limit/marker, changes-since and
updated_at from 2.58; host/hostId in events from 2.62; changes-before from 2.66; the
details of a failed event from 2.84.
"""
from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api.compute import common
from novalite.api.compute import server_filters
from novalite.api.compute.views import servers as server_views
from novalite.compute import api as compute_api
from novalite.api import validation
from novalite.api.compute.schemas import queries

EVENTS_POLICY = 'os_compute_api:os-instance-actions:events'
DETAILS_POLICY = 'os_compute_api:os-instance-actions:events:details'


def _ts(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') if value else None


def _action_view(req, action):
    view = {'action': action['action'], 'instance_uuid': action['instance_uuid'],
            'request_id': action['request_id'], 'user_id': action['user_id'],
            'project_id': action['project_id'], 'start_time': _ts(action['start_time']),
            'message': action['message']}
    if req.api_version >= mv.INSTANCE_ACTIONS_PAGINATION:
        view['updated_at'] = _ts(action.get('updated_at') or action['start_time'])
    return view


def _event_view(req, inst, event, with_traceback, with_host, with_details):
    view = {'event': event['event'], 'start_time': _ts(event['start_time']),
            'finish_time': _ts(event['finish_time']), 'result': event['result']}
    if with_traceback:
        view['traceback'] = event['traceback']
    if req.api_version >= mv.ACTION_EVENT_HOST:
        host = event.get('host') or ''
        view['hostId'] = server_views.host_id({'host': host,
                                               'project_id': inst['project_id']})
        if with_host:
            view['host'] = host
    if req.api_version >= mv.ACTION_EVENT_DETAILS and with_details:
        view['details'] = _details(event)
    return view


def _details(event):
    """What went wrong in a failed event: the last line of its traceback, the exception
    message (Nova keeps it in the event's details)."""
    if event['result'] != 'Error' or not event.get('traceback'):
        return None
    lines = [line for line in event['traceback'].strip().splitlines() if line.strip()]
    return lines[-1][:255] if lines else None


_LIST_PARAMS = ('limit', 'marker', 'changes-since')


class InstanceActionsController:

    def __init__(self, conf):
        self.conf = conf

    def _instance(self, req, server_id):
        """The server, deleted ones too from 2.21 (Nova reads it with read_deleted=yes);
        other projects' servers are 404 to all but admins."""
        return common.get_instance(
            req, server_id, read_deleted=req.api_version >= mv.DELETED_INSTANCE_ACTIONS)

    @validation.query(queries.INSTANCE_ACTIONS)
    def index(self, req, id):
        inst = self._instance(req, id)
        policy.authorize(req.context, 'os_compute_api:os-instance-actions:list',
                         {'project_id': inst['project_id']})
        if req.api_version < mv.INSTANCE_ACTIONS_PAGINATION:
            return {'instanceActions': [_action_view(req, a)
                                        for a in compute_api.instance_actions(id)]}
        since, before = self._times(req)
        limit, marker = common.limit_and_marker(req, self.conf.api.max_limit)
        actions = compute_api.instance_actions_page(id, limit, marker, since, before)
        body = {'instanceActions': [_action_view(req, a) for a in actions]}
        if actions and len(actions) == limit:  # Nova: a full page links to the next one
            body['links'] = common.next_link(req, ('servers', id, 'os-instance-actions'),
                                             actions[-1]['request_id'])
        return body

    @staticmethod
    def _times(req):
        allowed = _LIST_PARAMS + (('changes-before',) if req.api_version >= mv.CHANGES_BEFORE
                                  else ())
        unknown = sorted(set(req.GET.keys()) - set(allowed))
        if unknown:
            raise exception.Invalid("Invalid input for query parameters %s. Additional "
                                    "properties are not allowed (%s was unexpected)"
                                    % (unknown[0], ', '.join("'%s'" % u for u in unknown)))
        since = before = None
        if req.GET.get('changes-since'):
            since = server_filters.parse_time(req.GET['changes-since'], 'changes-since')
        if req.GET.get('changes-before'):
            before = server_filters.parse_time(req.GET['changes-before'], 'changes-before')
        if since and before and since > before:
            raise exception.Invalid('The value of changes-since must be less than or equal '
                                    'to changes-before.')
        return since, before

    def show(self, req, id, request_id):
        inst = self._instance(req, id)
        ctx = req.context
        target = {'project_id': inst['project_id']}
        policy.authorize(ctx, 'os_compute_api:os-instance-actions:show', target)
        action = compute_api.instance_action(id, request_id)
        view = _action_view(req, action)
        privileged = policy.authorize(ctx, EVENTS_POLICY, fatal=False, target=target)
        if privileged or req.api_version >= mv.EVENT_VOLUME_EXTENDED:
            details = (req.api_version >= mv.ACTION_EVENT_DETAILS and policy.authorize(
                ctx, DETAILS_POLICY, fatal=False, target=target))
            view['events'] = [_event_view(req, inst, e, privileged, privileged, details)
                              for e in action['events']]
        return {'instanceAction': view}
