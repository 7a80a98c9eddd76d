"""Server moves: the conductor's part of resize, cold migration and evacuation (Nova's
conductor MigrationTask and the evacuate branch of rebuild_instance).

Resize / migrate (``MigrationTask``, an RPC call from the API, so "No valid host" reaches
the user as a 400): a migration record (pre-migrating) is made, the source host's
allocation is handed to the migration's uuid, the scheduler picks and claims a destination
for the instance (never the source host for a migration, nor for a resize unless
``allow_resize_to_same_host``), and the destination gets ``prep_resize``. From there the
compute hosts go on: prep_resize (dest) -> resize_instance (source) -> finish_resize (dest).

Evacuate (``EvacuateTask``, a cast): the instance's host is down; the source allocation
goes to the migration, the destination is scheduled (or, with ``force``, claimed directly)
and gets ``evacuate_instance``, which rebuilds the server there. The source host frees the
migration's allocation and its stale guest when its compute service is back.
"""
import logging
import traceback
import uuid as uuidlib

from novalite import exception
from novalite.compute import rpcapi as compute_rpcapi
from novalite.compute import states
from novalite.conductor.tasks import base
from novalite.db import api as db_api
from novalite.db import claims
from novalite.db import moves as moves_db
from novalite.scheduler import rpcapi as scheduler_rpcapi

LOG = logging.getLogger(__name__)
MIGRATE_EVENT = 'conductor_migrate_server'
REBUILD_EVENT = 'conductor_rebuild_server'


def _request_spec(instance, flavor, ignore_hosts, requested_host):
    return {'flavor': flavor, 'image': {'id': instance['image_ref']},
            'project_id': instance['project_id'], 'num_instances': 1, 'max_attempts': 1,
            'requested_networks': instance['requested_networks'] or [],
            'scheduler_hints': instance['scheduler_hints'] or {},
            # the zone the server is pinned to (Nova's request spec zone); none: any zone
            'availability_zone': (instance.get('system_metadata') or {}).get(
                'pinned_availability_zone') or None,
            'force_hosts': [], 'force_nodes': [],
            'ignore_hosts': list(ignore_hosts), 'requested_host': requested_host}


def _node_of(host):
    for node in db_api.compute_nodes_get_all():
        if node['host'] == host:
            return node
    raise exception.ComputeHostNotFound(host=host)


def _dest_values(chosen):
    node = _node_of(chosen['host'])
    return {'dest_compute': chosen['host'], 'dest_node': chosen['nodename'],
            'dest_host': node.get('host_ip') or chosen['host']}


class _MoveTask(base.Task):
    """What a move's rollback gives back: the destination's claim, the source's allocation
    (moved to the migration) back to the instance, the migration in error."""
    uuid = migration = None
    moved = claimed = False

    def _give_back(self):
        if self.claimed:
            claims.release(self.uuid)
        if self.moved:
            moves_db.allocations_move(self.migration['uuid'], self.uuid)
        if self.migration is not None:
            moves_db.migration_update(self.migration['id'], {'status': 'error'})


class MigrationTask(_MoveTask):
    """Schedule a resize or cold migration and start it on the destination."""

    def __init__(self, conf, context, instance_uuid, flavor, host, ignore_hosts,
                 migration_type):
        super().__init__(conf, context)
        self.uuid = instance_uuid
        self.flavor = flavor
        self.host = host
        self.ignore_hosts = ignore_hosts
        self.migration_type = migration_type
        self.migration = None
        self.moved = False
        self.claimed = False

    def execute(self):
        db_api.action_event_start(self.context, self.uuid, MIGRATE_EVENT)
        instance = db_api.instance_get(self.uuid)
        self.migration = moves_db.migration_create({
            'uuid': str(uuidlib.uuid4()), 'instance_uuid': self.uuid,
            'source_compute': instance['host'], 'source_node': instance['node'],
            'status': 'pre-migrating', 'migration_type': self.migration_type,
            'old_instance_type_id': moves_db.flavor_db_id(instance['flavor_id']),
            'new_instance_type_id': moves_db.flavor_db_id(self.flavor['flavorid']),
            'old_flavor': instance['flavor'], 'new_flavor': self.flavor,
            'user_id': self.context.user_id, 'project_id': self.context.project_id})
        # Nova's migration-based allocations: the source is now the migration's
        self.moved = bool(moves_db.allocations_move(self.uuid, self.migration['uuid']))
        spec = _request_spec(instance, self.flavor, self.ignore_hosts, self.host)
        [hosts] = scheduler_rpcapi.SchedulerAPI().select_destinations(
            self.context, spec, [self.uuid], return_alternates=False)
        self.claimed = True
        chosen = hosts[0]
        migration = moves_db.migration_update(self.migration['id'], _dest_values(chosen))
        db_api.action_event_finish(self.context, self.uuid, MIGRATE_EVENT, 'Success')
        LOG.info('%s of instance %s: %s -> %s', self.migration_type, self.uuid,
                 instance['host'], chosen['host'])
        compute_rpcapi.ComputeAPI().prep_resize(self.context, chosen['host'], instance,
                                                migration, self.flavor)
        return migration

    def rollback(self):
        """Nova: the migration is in error, the server back as it was (no fault for "No
        valid host"; the action's event says why)."""
        self._give_back()
        base.end_in_error(self.context, self.uuid, MIGRATE_EVENT, traceback.format_exc(),
                          states.RESIZE_PREP)


class EvacuateTask(_MoveTask):
    """Schedule (or, forced, claim) a new host for a server whose host is down."""

    def __init__(self, conf, context, instance_uuid, migration_id, host, force, password,
                 target_state):
        super().__init__(conf, context)
        self.uuid = instance_uuid
        self.migration_id = migration_id
        self.host = host
        self.force = force
        self.password = password
        self.target_state = target_state
        self.migration = None
        self.moved = False
        self.claimed = False

    def execute(self):
        db_api.action_event_start(self.context, self.uuid, REBUILD_EVENT)
        instance = db_api.instance_get(self.uuid)
        self.migration = moves_db.migration_get(self.migration_id)
        self.moved = bool(moves_db.allocations_move(self.uuid, self.migration['uuid']))
        try:
            chosen = self._destination(instance)
        except exception.NoValidHost as exc:
            LOG.warning('Evacuation of %s: %s', self.uuid, exc.format_message())
            self._undo(exc, exc.format_message())
            return
        migration = moves_db.migration_update(
            self.migration_id, dict(_dest_values(chosen), status='pre-migrating'))
        db_api.action_event_finish(self.context, self.uuid, REBUILD_EVENT, 'Success')
        compute_rpcapi.ComputeAPI().evacuate_instance(
            self.context, chosen['host'], instance, migration, self.password,
            self.target_state)

    def _destination(self, instance):
        if self.host and self.force:
            # 2.29 force: no scheduler, but the claim still checks the host has room
            node = _node_of(self.host)
            if not claims.claim(node['id'], self.uuid, claims.resources_of(instance['flavor'])):
                raise exception.NoValidHost(reason='Unable to claim resources on %s.'
                                            % self.host)
            self.claimed = True
            return {'host': node['host'], 'nodename': node['hypervisor_hostname']}
        spec = _request_spec(instance, instance['flavor'], [instance['host']], self.host)
        [hosts] = scheduler_rpcapi.SchedulerAPI().select_destinations(
            self.context, spec, [self.uuid], return_alternates=False)
        self.claimed = True
        return hosts[0]

    def _undo(self, exc, details):
        self._give_back()
        # Nova's _set_vm_state_and_notify: ERROR with the fault
        base.record_fault(self.uuid, exc)
        base.end_in_error(self.context, self.uuid, REBUILD_EVENT, details, states.REBUILDING,
                          {'vm_state': states.ERROR, 'task_state': None})

    def rollback(self):
        exc = exception.NovaliteException('Evacuation of instance %s failed.' % self.uuid)
        if self.migration is not None:
            self._undo(exc, traceback.format_exc())


# --------------------------------------------------------------------------- periodic
def confirm_unconfirmed_resizes(conf, context, host, window):
    """Nova's _poll_unconfirmed_resizes, for the moves finished on ``host`` more than
    ``window`` seconds ago: confirm them as the API would (action confirmResize)."""
    confirmed = []
    for migration in moves_db.migrations_unconfirmed(window, host):
        try:
            inst = db_api.instance_get(migration['instance_uuid'])
        except exception.InstanceNotFound:
            moves_db.migration_update(migration['id'], {'status': 'error'}, 'finished')
            continue
        if inst['vm_state'] != states.RESIZED:
            # Nova: "In states that should not be confirmed": the migration errors out
            moves_db.migration_update(migration['id'], {'status': 'error'}, 'finished')
            continue
        if inst['task_state'] is not None:
            continue
        if moves_db.migration_update(migration['id'], {'status': 'confirming'},
                                     'finished') is None:
            continue
        with_action(context, inst['uuid'], 'confirmResize')
        compute_rpcapi.ComputeAPI().confirm_resize(context, migration['source_compute'], inst,
                                                   dict(migration, status='confirming'))
        confirmed.append(migration['uuid'])
    return confirmed


def with_action(context, uuid, action):
    from novalite.db import session as db
    with db.transaction() as session:
        db_api.action_start(session, context, uuid, action)


def evacuations_to_clean(conf, host):
    """Evacuations off ``host`` to clean up there, once its compute service is up again
    (Nova does this in init_host: _destroy_evacuated_instances)."""
    for service in db_api.service_get_all('nova-compute'):
        if service['host'] == host:
            if not db_api.service_is_up(service, conf.service_down_time):
                return []
            break
    return moves_db.migrations_evacuated_from(host)
