"""Client side of the conductor RPC API: the compute hosts' only way to the database.

Version history:
    1.0 - schedule_and_build_instances, reschedule_instance, instance_get, instance_update,
          instance_destroy, instance_fault_create, instances_on_host, action_event_start,
          action_event_finish, service_heartbeat, compute_node_update, release_resources
    1.1 - image-backed actions: unshelve_instance (schedules an offloaded server again),
          rebuild_instance (casts)
    1.2 - server moves: migrate_server (a call: "No valid host" reaches the API),
          evacuate_server (cast); for compute hosts migration_update, allocations_move,
          confirm_unconfirmed_resizes, evacuations_to_clean
    1.3 - block device mappings for compute hosts: bdm_get_by_instance, bdm_create,
          bdm_update, bdm_destroy
    1.4 - instance_update takes event_start ({'event', 'host'}) and event_finish
          ({'event', 'result'}): a build step's action event recorded with its update, in
          one call and one transaction
"""
from novalite import rpc

RPC_API_VERSION = '1.4'
TOPIC = 'conductor'


class ConductorAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, RPC_API_VERSION)

    def _call(self, context, method, **kwargs):
        return self.client.prepare().call(context, method, **kwargs)

    def _cast(self, context, method, **kwargs):
        self.client.prepare().cast(context, method, **kwargs)

    # casts from the API and compute
    def schedule_and_build_instances(self, context, instance_uuids, request_spec):
        self._cast(context, 'schedule_and_build_instances', instance_uuids=instance_uuids,
                   request_spec=request_spec)

    def reschedule_instance(self, context, instance_uuid, request_spec, alternates,
                            failed_host, reason):
        self._cast(context, 'reschedule_instance', instance_uuid=instance_uuid,
                   request_spec=request_spec, alternates=alternates, failed_host=failed_host,
                   reason=reason)

    # 1.1: image-backed actions (casts from the API)
    def unshelve_instance(self, context, instance_uuid, request_spec):
        self._cast(context, 'unshelve_instance', instance_uuid=instance_uuid,
                   request_spec=request_spec)

    def rebuild_instance(self, context, instance_uuid, rebuild_args):
        self._cast(context, 'rebuild_instance', instance_uuid=instance_uuid,
                   rebuild_args=rebuild_args)

    # 1.2: server moves (conductor/tasks/migrate.py)
    def migrate_server(self, context, instance_uuid, flavor, host, ignore_hosts,
                       migration_type):
        return self._call(context, 'migrate_server', instance_uuid=instance_uuid,
                          flavor=flavor, host=host, ignore_hosts=ignore_hosts,
                          migration_type=migration_type)

    def evacuate_server(self, context, instance_uuid, migration_id, host, force, password,
                        target_state):
        self._cast(context, 'evacuate_server', instance_uuid=instance_uuid,
                   migration_id=migration_id, host=host, force=force, password=password,
                   target_state=target_state)

    def migration_update(self, context, migration_id, values, expected_status=None):
        return self._call(context, 'migration_update', migration_id=migration_id,
                          values=values, expected_status=expected_status)

    def allocations_move(self, context, from_consumer, to_consumer):
        return self._call(context, 'allocations_move', from_consumer=from_consumer,
                          to_consumer=to_consumer)

    def confirm_unconfirmed_resizes(self, context, host, window):
        return self._call(context, 'confirm_unconfirmed_resizes', host=host, window=window)

    def evacuations_to_clean(self, context, host):
        return self._call(context, 'evacuations_to_clean', host=host)

    # database proxy for compute hosts
    def instance_get(self, context, instance_uuid):
        return self._call(context, 'instance_get', instance_uuid=instance_uuid)

    def instance_update(self, context, instance_uuid, updates, expected_task_state=None,
                        check_task_state=False, event_start=None, event_finish=None):
        return self._call(context, 'instance_update', instance_uuid=instance_uuid,
                          updates=updates, expected_task_state=expected_task_state,
                          check_task_state=check_task_state, event_start=event_start,
                          event_finish=event_finish)

    def instance_destroy(self, context, instance_uuid):
        return self._call(context, 'instance_destroy', instance_uuid=instance_uuid)

    def instance_fault_create(self, context, instance_uuid, code, message, details, host):
        return self._call(context, 'instance_fault_create', instance_uuid=instance_uuid,
                          code=code, message=message, details=details, host=host)

    def instances_on_host(self, context, host):
        return self._call(context, 'instances_on_host', host=host)

    def release_resources(self, context, instance_uuid):
        return self._call(context, 'release_resources', instance_uuid=instance_uuid)

    def action_event_start(self, context, instance_uuid, event, host):
        return self._call(context, 'action_event_start', instance_uuid=instance_uuid,
                          event=event, host=host)

    def action_event_finish(self, context, instance_uuid, event, result, traceback=None):
        return self._call(context, 'action_event_finish', instance_uuid=instance_uuid,
                          event=event, result=result, traceback=traceback)

    def service_heartbeat(self, context, host, binary, topic):
        return self._call(context, 'service_heartbeat', host=host, binary=binary, topic=topic)

    def compute_node_update(self, context, host, nodename, resources):
        return self._call(context, 'compute_node_update', host=host, nodename=nodename,
                          resources=resources)

    # 1.3: block device mappings (novalite/db/block_devices.py) for compute hosts
    def bdm_get_by_instance(self, context, instance_uuid):
        return self._call(context, 'bdm_get_by_instance', instance_uuid=instance_uuid)

    def bdm_create(self, context, values):
        return self._call(context, 'bdm_create', values=values)

    def bdm_update(self, context, bdm_uuid, values):
        return self._call(context, 'bdm_update', bdm_uuid=bdm_uuid, values=values)

    def bdm_destroy(self, context, bdm_uuid):
        return self._call(context, 'bdm_destroy', bdm_uuid=bdm_uuid)
