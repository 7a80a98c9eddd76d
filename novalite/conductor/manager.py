"""The conductor: runs multi-step flows (tasks/) and is the database proxy of compute hosts."""
import oslo_messaging as messaging

from novalite.conductor import rpcapi
from novalite.conductor.tasks import build
from novalite.conductor.tasks import image_actions
from novalite.conductor.tasks import migrate
from novalite.db import api as db_api
from novalite.db import block_devices
from novalite.db import claims
from novalite.db import moves as moves_db

_UNSET = object()


class ConductorManager:
    target = messaging.Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, conf):
        self.conf = conf

    def periodic_tasks(self, context):
        build.expire_unscheduled(self.conf, context)

    def schedule_and_build_instances(self, context, instance_uuids, request_spec):
        build.ScheduleAndBuildTask(self.conf, context, instance_uuids, request_spec).run()

    def reschedule_instance(self, context, instance_uuid, request_spec, alternates,
                            failed_host, reason):
        build.RescheduleTask(self.conf, context, instance_uuid, request_spec, alternates,
                             failed_host, reason).run()

    def unshelve_instance(self, context, instance_uuid, request_spec):
        image_actions.UnshelveTask(self.conf, context, instance_uuid, request_spec).run()

    def rebuild_instance(self, context, instance_uuid, rebuild_args):
        image_actions.RebuildTask(self.conf, context, instance_uuid, rebuild_args).run()

    # server moves (tasks/migrate.py)
    def migrate_server(self, context, instance_uuid, flavor, host, ignore_hosts,
                       migration_type):
        return migrate.MigrationTask(self.conf, context, instance_uuid, flavor, host,
                                     ignore_hosts, migration_type).run()

    def evacuate_server(self, context, instance_uuid, migration_id, host, force, password,
                        target_state):
        migrate.EvacuateTask(self.conf, context, instance_uuid, migration_id, host, force,
                             password, target_state).run()

    def migration_update(self, context, migration_id, values, expected_status=None):
        return moves_db.migration_update(migration_id, values, expected_status)

    def allocations_move(self, context, from_consumer, to_consumer):
        return moves_db.allocations_move(from_consumer, to_consumer)

    def confirm_unconfirmed_resizes(self, context, host, window):
        return migrate.confirm_unconfirmed_resizes(self.conf, context, host, window)

    def evacuations_to_clean(self, context, host):
        return migrate.evacuations_to_clean(self.conf, host)

    def instance_get(self, context, instance_uuid):
        return db_api.instance_get(instance_uuid)

    def instance_update(self, context, instance_uuid, updates, expected_task_state=None,
                        check_task_state=False, event_start=None, event_finish=None):
        expected = expected_task_state if check_task_state else db_api._UNSET
        return db_api.instance_update(
            instance_uuid, updates, expected_task_state=expected,
            event_start=(context, event_start['event'], event_start.get('host'))
            if event_start else None,
            event_finish=(context, event_finish['event'], event_finish['result'])
            if event_finish else None)

    def instance_destroy(self, context, instance_uuid):
        inst = db_api.instance_destroy(instance_uuid)
        claims.release(instance_uuid)
        moves_db.release_migration_allocations(instance_uuid)   # a move's source
        return inst

    def instance_fault_create(self, context, instance_uuid, code, message, details, host):
        db_api.fault_create(instance_uuid, code, message, details, host)

    def instances_on_host(self, context, host):
        return db_api.instance_get_all(host=host)

    def release_resources(self, context, instance_uuid):
        return claims.release(instance_uuid)

    def action_event_start(self, context, instance_uuid, event, host):
        db_api.action_event_start(context, instance_uuid, event, host)

    def action_event_finish(self, context, instance_uuid, event, result, traceback=None):
        db_api.action_event_finish(context, instance_uuid, event, result, traceback)

    def service_heartbeat(self, context, host, binary, topic):
        return db_api.service_heartbeat(host, binary, topic)

    def compute_node_update(self, context, host, nodename, resources):
        return db_api.compute_node_upsert(host, nodename, resources)

    # 1.3: block device mappings
    def bdm_get_by_instance(self, context, instance_uuid):
        return block_devices.get_by_instance(instance_uuid)

    def bdm_create(self, context, values):
        return block_devices.create(values)

    def bdm_update(self, context, bdm_uuid, values):
        return block_devices.update(bdm_uuid, values)

    def bdm_destroy(self, context, bdm_uuid):
        block_devices.destroy(bdm_uuid)
