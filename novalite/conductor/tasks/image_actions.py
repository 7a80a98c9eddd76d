"""Unshelve and rebuild: the conductor's part of the image-backed actions (Nova's
ComputeTaskManager.unshelve_instance and rebuild_instance).

Unshelving a SHELVED server (its guest still on its host, powered off) is a power-on on that
host; a SHELVED_OFFLOADED server has no host, so it is scheduled again like a build (with
the availability zone or host the request named) and spawned from its shelved image.
"""
import logging
import traceback

from novalite import exception
from novalite import service_client
from novalite.compute import rpcapi as compute_rpcapi
from novalite.compute import states
from novalite.conductor.tasks import base
from novalite.db import api as db_api
from novalite.db import claims
from novalite.image import api as image_api
from novalite.scheduler import rpcapi as scheduler_rpcapi

LOG = logging.getLogger(__name__)
UNSHELVE_EVENT = 'conductor_unshelve_instance'
SCHEDULE_EVENT = 'schedule_instances'
REBUILD_EVENT = 'conductor_rebuild_server'


class UnshelveTask(base.Task):

    def __init__(self, conf, context, instance_uuid, request_spec):
        super().__init__(conf, context)
        self.uuid = instance_uuid
        self.spec = dict(request_spec or {})
        self.claimed = False

    def execute(self):
        db_api.action_event_start(self.context, self.uuid, UNSHELVE_EVENT)
        instance = db_api.instance_get(self.uuid)
        compute = compute_rpcapi.ComputeAPI()
        if instance['vm_state'] == states.SHELVED:
            # the guest is still there, powered off: Nova starts it (start_instance also
            # deletes the shelved image)
            instance = db_api.instance_update(self.uuid, {'task_state': states.POWERING_ON},
                                              expected_task_state=states.UNSHELVING)
            db_api.action_event_finish(self.context, self.uuid, UNSHELVE_EVENT, 'Success')
            compute.start_instance(self.context, instance['host'], instance)
            return
        image_id = (instance['system_metadata'] or {}).get('shelved_image_id')
        image = None
        if not image_id and not instance['image_ref']:
            image = {'id': None}  # volume-backed: Nova shelves it without an image
        elif image_id:
            try:
                image = image_api.ImageAPI(self.conf, service_client.ServiceAuth(self.conf)) \
                    .get(image_id)
            except exception.ImageNotFound:
                image = None
        if image is None:
            raise exception.Invalid('Unshelve attempted but the image %s cannot be found.'
                                    % image_id)
        chosen = self._schedule(instance)
        if chosen is None:
            return
        instance = db_api.instance_update(
            self.uuid, {'host': chosen['host'], 'node': chosen['nodename']},
            expected_task_state=states.UNSHELVING)
        db_api.action_event_finish(self.context, self.uuid, UNSHELVE_EVENT, 'Success')
        compute.unshelve_instance(self.context, chosen['host'], instance,
                                  {'id': image['id']}, self.spec)

    def _schedule(self, instance):
        db_api.action_event_start(self.context, self.uuid, SCHEDULE_EVENT)
        spec = dict(self.spec, flavor=instance['flavor'],
                    image={'id': (instance['system_metadata'] or {}).get('shelved_image_id')},
                    project_id=instance['project_id'], num_instances=1, max_attempts=1,
                    requested_networks=instance['requested_networks'],
                    scheduler_hints=instance['scheduler_hints'] or {},
                    force_nodes=[])
        spec['force_hosts'] = [self.spec['host']] if self.spec.get('host') else []
        try:
            [hosts] = scheduler_rpcapi.SchedulerAPI().select_destinations(
                self.context, spec, [self.uuid], return_alternates=False)
        except exception.NoValidHost as exc:
            # Nova: the server stays SHELVED_OFFLOADED, the action records the failure
            LOG.warning('No valid host found for unshelving instance %s', self.uuid)
            db_api.action_event_finish(self.context, self.uuid, SCHEDULE_EVENT, 'Error',
                                       exc.format_message())
            db_api.action_event_finish(self.context, self.uuid, UNSHELVE_EVENT, 'Error',
                                       exc.format_message())
            db_api.instance_update(self.uuid, {'task_state': None},
                                   expected_task_state=states.UNSHELVING)
            return None
        self.claimed = True
        db_api.action_event_finish(self.context, self.uuid, SCHEDULE_EVENT, 'Success')
        return hosts[0]

    def rollback(self):
        if self.claimed:
            claims.release(self.uuid)
        base.record_fault(self.uuid, exception.Invalid('Unshelve of instance %s failed.'
                                                       % self.uuid))
        base.end_in_error(self.context, self.uuid, UNSHELVE_EVENT, traceback.format_exc(),
                          [states.UNSHELVING, states.POWERING_ON])


class RebuildTask(base.Task):
    """A rebuild on the server's own host (Nova's same-host rebuild: no new claim)."""

    def __init__(self, conf, context, instance_uuid, rebuild_args):
        super().__init__(conf, context)
        self.uuid = instance_uuid
        self.args = dict(rebuild_args)

    def execute(self):
        db_api.action_event_start(self.context, self.uuid, REBUILD_EVENT)
        instance = db_api.instance_get(self.uuid)
        db_api.action_event_finish(self.context, self.uuid, REBUILD_EVENT, 'Success')
        compute_rpcapi.ComputeAPI().rebuild_instance(
            self.context, instance['host'], instance, self.args.get('new_pass'),
            self.args.get('injected_files') or [], self.args['image_ref'],
            self.args.get('orig_image_ref'), bool(self.args.get('preserve_ephemeral')),
            bool(self.args.get('reimage_boot_volume')))

    def rollback(self):
        base.end_in_error(self.context, self.uuid, REBUILD_EVENT, traceback.format_exc(),
                          states.REBUILDING)
