"""Schedule and build instances; reschedule a failed build to an alternate host."""
import datetime
import logging

from novalite import exception
from novalite import trace
from novalite.compute import rpcapi as compute_rpcapi
from novalite.compute import states
from novalite.conductor.tasks import base
from novalite.db import api as db_api
from novalite.db import claims
from novalite.scheduler import rpcapi as scheduler_rpcapi

LOG = logging.getLogger(__name__)
EVENT = 'conductor_schedule_and_build_instances'


def set_error(context, instance_uuid, exc, host=None):
    """Put the instance in ERROR with a fault, as Nova does when a build cannot go on."""
    base.record_fault(instance_uuid, exc, host)
    try:
        db_api.instance_update(instance_uuid, {'vm_state': states.ERROR, 'task_state': None})
    except exception.InstanceNotFound:
        pass


def _placed(selection):
    """The instance's host and, as Nova's conductor sets it, the host's zone."""
    values = {'host': selection['host']}
    if selection.get('availability_zone'):
        values['availability_zone'] = selection['availability_zone']
    return values


def expire_unscheduled(conf, context):
    """Accepted instances whose build request never reached a conductor (lost in a broker
    restart) end in ERROR with a fault after [DEFAULT] scheduling_timeout seconds, as a
    build whose scheduling fails does: none is left in BUILD without a host."""
    if not conf.scheduling_timeout:
        return []
    before = (datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
              - datetime.timedelta(seconds=conf.scheduling_timeout))
    expired = []
    for uuid in db_api.instances_unscheduled(before):
        try:
            db_api.instance_update(uuid, {'vm_state': states.ERROR, 'task_state': None},
                                   expected_task_state=states.SCHEDULING)
        except (exception.InstanceNotFound, db_api.UnexpectedStateError):
            continue  # scheduled or deleted meanwhile
        base.record_fault(uuid, exception.NoValidHost(
            reason='the build request was not scheduled within %ss'
            % conf.scheduling_timeout))
        LOG.warning('Instance %s was not scheduled within %ss: ERROR', uuid,
                    conf.scheduling_timeout)
        expired.append(uuid)
    return expired


class ScheduleAndBuildTask(base.Task):

    def __init__(self, conf, context, instance_uuids, request_spec):
        super().__init__(conf, context)
        self.uuids = list(instance_uuids)
        self.spec = request_spec
        self.selections = []

    def execute(self):
        for uuid in self.uuids:
            db_api.action_event_start(self.context, uuid, EVENT)
        try:
            self.selections = scheduler_rpcapi.SchedulerAPI().select_destinations(
                self.context, self.spec, self.uuids)
        except exception.NoValidHost as exc:
            for uuid in self.uuids:
                set_error(self.context, uuid, exc)
                db_api.action_event_finish(self.context, uuid, EVENT, 'Error',
                                           exc.format_message())
            return
        compute = compute_rpcapi.ComputeAPI()
        for uuid, hosts in zip(self.uuids, self.selections):
            chosen, alternates = hosts[0], hosts[1:]
            try:
                instance = db_api.instance_update(
                    uuid, dict(_placed(chosen), node=chosen['nodename']),
                    expected_task_state=states.SCHEDULING,
                    event_finish=(self.context, EVENT, 'Success'))
            except (exception.InstanceNotFound, db_api.UnexpectedStateError):
                LOG.info('Instance %s was deleted while scheduling', uuid)
                claims.release(uuid)
                continue
            compute.build_and_run_instance(self.context, chosen['host'], instance, self.spec,
                                           alternates)

    def rollback(self):
        for hosts in self.selections:
            claims.release(hosts[0]['instance_uuid'])
        for uuid in self.uuids:
            set_error(self.context, uuid, exception.NoValidHost(reason='Build failed.'))


class RescheduleTask(base.Task):
    """The build failed on one host: claim the next alternate and build there."""

    def __init__(self, conf, context, instance_uuid, request_spec, alternates, failed_host,
                 reason):
        super().__init__(conf, context)
        self.uuid = instance_uuid
        self.spec = request_spec
        self.alternates = list(alternates)
        self.failed_host = failed_host
        self.reason = reason

    def execute(self):
        trace.event('reschedule from %s' % self.failed_host, 'reschedule', server_id=self.uuid,
                    failed_host=self.failed_host, reason=self.reason,
                    alternates=[a['host'] for a in self.alternates])
        claims.release(self.uuid)
        resources = claims.resources_of(self.spec['flavor'])
        while self.alternates:
            chosen = self.alternates.pop(0)
            if not claims.claim(chosen['compute_node_id'], self.uuid, resources):
                continue
            try:
                instance = db_api.instance_update(
                    self.uuid, dict(_placed(chosen), node=chosen['nodename'],
                                    task_state=states.SCHEDULING))
            except exception.InstanceNotFound:
                claims.release(self.uuid)
                return
            compute_rpcapi.ComputeAPI().build_and_run_instance(
                self.context, chosen['host'], instance, self.spec, self.alternates)
            return
        set_error(self.context, self.uuid, exception.NoValidHost(
            reason='Exceeded maximum number of retries. Exhausted all hosts available for '
                   'retrying build failures for instance %s. Last failure on %s: %s'
                   % (self.uuid, self.failed_host, self.reason)))

    def rollback(self):
        claims.release(self.uuid)
