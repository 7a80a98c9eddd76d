"""os-instance-actions: what happened to a server, per request id."""
from novalite import exception
from novalite import policy
from novalite.db import api as db_api


def _ts(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') if value else None


def _action_view(action):
    return {'action': action['action'], 'instance_uuid': action['instance_uuid'],
            'request_id': action['request_id'], 'user_id': action['user_id'],
            'project_id': action['project_id'], 'start_time': _ts(action['start_time']),
            'message': action['message']}


def _event_view(event, with_traceback):
    view = {'event': event['event'], 'start_time': _ts(event['start_time']),
            'finish_time': _ts(event['finish_time']), 'result': event['result']}
    if with_traceback:
        view['traceback'] = event['traceback']
    return view


class InstanceActionsController:

    def __init__(self, conf):
        self.conf = conf

    def _instance(self, req, server_id):
        ctx = req.context
        try:
            inst = db_api.instance_get(server_id, read_deleted=ctx.is_admin)
        except exception.InstanceNotFound:
            raise exception.InstanceNotFound(instance_id=server_id)
        if not ctx.is_admin and inst['project_id'] != ctx.project_id:
            raise exception.InstanceNotFound(instance_id=server_id)
        return inst

    def index(self, req, id):
        inst = self._instance(req, id)
        policy.authorize(req.context, 'os_compute_api:os-instance-actions:list',
                         {'project_id': inst['project_id']})
        return {'instanceActions': [_action_view(a) for a in db_api.actions_list(id)]}

    def show(self, req, id, request_id):
        inst = self._instance(req, id)
        ctx = req.context
        policy.authorize(ctx, 'os_compute_api:os-instance-actions:show',
                         {'project_id': inst['project_id']})
        action = db_api.action_get(id, request_id)
        view = _action_view(action)
        if policy.authorize(ctx, 'os_compute_api:os-instance-actions:events', fatal=False,
                            target={'project_id': inst['project_id']}):
            view['events'] = [_event_view(e, True) for e in action['events']]
        return {'instanceAction': view}
