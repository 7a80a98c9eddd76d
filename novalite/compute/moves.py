"""Server moves in the compute API (Nova's nova.compute.api.API resize, confirm_resize,
revert_resize, evacuate): checks, the task state, the instance action, then RPC.

- resize / migrate (cold, a resize to the same flavor): vm_state active or stopped; the
  conductor is *called* (it schedules), so "No valid host" is the user's 400;
- confirmResize / revertResize: vm_state resized with its migration finished;
- evacuate: the instance's host must be down ("Compute service of <host> is still in use."
  otherwise); a migration (accepted, evacuation) is recorded and the conductor cast to.
"""
import functools
import uuid as uuidlib

from novalite import exception
from novalite import quota
from novalite.compute import disk_config
from novalite.compute import states
from novalite.db import api as db_api
from novalite.db import flavors as flavor_db
from novalite.db import moves as moves_db
from novalite.db import session as db

RESIZE_VM_STATES = (states.ACTIVE, states.STOPPED)
EVACUATE_VM_STATES = (states.ACTIVE, states.STOPPED, states.ERROR)


def list_migrations(filters=None, **paging):
    """Migrations newest first (os-migrations): ``filters`` on their columns, ``paging``
    as ``db.moves.migration_list`` takes it (limit, marker, changes_since/before)."""
    return moves_db.migration_list(filters, **paging)


def _guard(method, vm_state, lock=True):
    """Nova's @check_instance_lock (unless ``lock`` is False) and @check_instance_state
    (task_state None), then that the instance has a host."""
    def outer(func):
        @functools.wraps(func)
        def inner(self, context, instance, *args, **kwargs):
            if lock and instance['locked'] and not context.is_admin:
                raise exception.InstanceIsLocked(instance_uuid=instance['uuid'])
            for attr, allowed in (('vm_state', vm_state), ('task_state', (None,))):
                if instance[attr] not in allowed:
                    raise exception.InstanceInvalidState(
                        method=method, instance_uuid=instance['uuid'], attr=attr,
                        state=instance[attr])
            if not instance['host']:
                raise exception.InstanceNotReady(instance_id=instance['uuid'])
            return func(self, context, instance, *args, **kwargs)
        return inner
    return outer


def _snapshot(flavor):
    keys = ('flavorid', 'name', 'memory_mb', 'vcpus', 'root_gb', 'ephemeral_gb', 'swap',
            'rxtx_factor', 'is_public', 'description', 'extra_specs')
    return {k: flavor[k] for k in keys}


class MovesMixin:
    """Mixed into compute.api.API (uses its conf, conductor and compute_rpc)."""

    def _start_move(self, context, instance, action, updates, method):
        sysmeta = dict(instance['system_metadata'] or {}, old_vm_state=instance['vm_state'])
        try:
            inst = db_api.instance_update(instance['uuid'],
                                          dict(updates, system_metadata=sysmeta),
                                          expected_task_state=[None],
                                          expected_vm_state=instance['vm_state'])
        except exception.UnexpectedStateError:
            current = db_api.instance_get(instance['uuid'])
            for attr, expected in (('vm_state', instance['vm_state']), ('task_state', None)):
                if current[attr] != expected:
                    raise exception.InstanceInvalidState(
                        method=method, instance_uuid=instance['uuid'], attr=attr,
                        state=current[attr])
            raise
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], action)
        return inst

    # ------------------------------------------------------------------ resize, migrate
    def resize(self, context, instance, flavor_id=None, host_name=None, auto_disk_config=None):
        """A resize to ``flavor_id``, or without one a cold migration (to ``host_name``,
        2.56); ``auto_disk_config`` (True/False) changes the disk config, None keeps it.
        Returns the migration record."""
        method = 'resize' if flavor_id is not None else 'migrate'
        return self._resize(context, instance, flavor_id, host_name, method, auto_disk_config)

    def _resize(self, context, instance, flavor_id, host_name, method, auto_disk_config=None):
        @_guard(method, RESIZE_VM_STATES)
        def checked(self, context, instance):
            current = instance['flavor']
            if flavor_id is None:
                new = current
            else:
                new = self._new_flavor(context, flavor_id, current)
                self._check_upsize_quota(context, instance, current, new)
            if host_name is not None:
                if host_name == instance['host']:
                    raise exception.CannotMigrateToSameHost()
                if not any(s['host'] == host_name
                           for s in db_api.service_get_all('nova-compute')):
                    # Nova's migrate controller: 400, not 404
                    raise exception.Invalid(
                        exception.ComputeHostNotFound(host=host_name).format_message())
            # Nova checks a requested disk config against the server's image
            disk_config.check_instance(instance, auto_disk_config)
            # a cold migration never stays; a resize may, when the operator allows it
            same_host = flavor_id is not None and self.conf.allow_resize_to_same_host
            ignore = [] if same_host else [instance['host']]
            updates = {'task_state': states.RESIZE_PREP, 'progress': 0}
            if auto_disk_config is not None:
                updates['auto_disk_config'] = bool(auto_disk_config)
            inst = self._start_move(context, instance, method, updates, method)
            try:
                return self.conductor.migrate_server(
                    context, inst['uuid'], new, host_name, ignore,
                    'resize' if flavor_id is not None else 'migration')
            except exception.NoValidHost as exc:
                # Nova's controllers: 400 with the scheduler's message
                raise exception.Invalid(exc.format_message())
        return checked(self, context, instance)

    def _new_flavor(self, context, flavor_id, current):
        # Nova's resize controller: an unknown or disabled flavor is a 400
        missing = exception.Invalid(
            exception.FlavorNotFound(flavor_id=flavor_id).format_message())
        try:
            flavor = flavor_db.flavor_get(str(flavor_id), context)
        except exception.FlavorNotFound:
            raise missing
        if flavor['disabled']:
            raise missing
        if flavor['flavorid'] == current['flavorid']:
            raise exception.CannotResizeToSameFlavor()
        if flavor['root_gb'] == 0 and current['root_gb'] != 0:
            raise exception.CannotResizeDisk(
                reason='Resize to zero disk flavor is not allowed.')
        if flavor['root_gb'] < current['root_gb']:
            raise exception.CannotResizeDisk(reason='Unable to resize disk down.')
        return _snapshot(flavor)

    def _check_upsize_quota(self, context, instance, current, new):
        """Nova's _check_quota_for_upsize: 403 when the growth does not fit."""
        deltas = {'cores': new['vcpus'] - current['vcpus'],
                  'ram': new['memory_mb'] - current['memory_mb']}
        deltas = {k: v for k, v in deltas.items() if v > 0}
        if not deltas:
            return
        project_id = instance['project_id']
        limits = quota.get_quotas(project_id, conf=self.conf)
        usages = quota.get_usages(project_id)
        overs = sorted(r for r, d in deltas.items()
                       if limits[r] >= 0 and usages[r] + d > limits[r])
        if overs:
            raise exception.TooManyInstances(
                overs=', '.join(overs), req=', '.join(str(deltas[r]) for r in overs),
                used=', '.join(str(usages[r]) for r in overs),
                allowed=', '.join(str(limits[r]) for r in overs))

    def _finished_migration(self, instance):
        try:
            return moves_db.migration_get_by_instance_and_status(instance['uuid'], 'finished')
        except exception.MigrationNotFound:
            raise exception.Invalid('Instance has not been resized.')

    @_guard('confirmResize', (states.RESIZED,))
    def confirm_resize(self, context, instance):
        migration = self._finished_migration(instance)
        migration = moves_db.migration_update(migration['id'], {'status': 'confirming'},
                                              'finished')
        if migration is None:
            raise exception.Invalid('Instance has not been resized.')
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], 'confirmResize')
        self.compute_rpc.confirm_resize(context, migration['source_compute'], instance,
                                        migration)

    @_guard('revertResize', (states.RESIZED,))
    def revert_resize(self, context, instance):
        migration = self._finished_migration(instance)
        if migration.get('old_flavor') is None:
            raise exception.Invalid('Flavor used by the instance could not be found.')
        inst = db_api.instance_update(instance['uuid'],
                                      {'task_state': states.RESIZE_REVERTING},
                                      expected_task_state=[None],
                                      expected_vm_state=states.RESIZED)
        migration = moves_db.migration_update(migration['id'], {'status': 'reverting'},
                                              'finished')
        if migration is None:
            db_api.instance_update(instance['uuid'], {'task_state': None})
            raise exception.Invalid('Instance has not been resized.')
        with db.transaction() as session:
            db_api.action_start(session, context, instance['uuid'], 'revertResize')
        self.compute_rpc.revert_resize(context, migration['dest_compute'], inst, migration)

    # ------------------------------------------------------------------ evacuate
    @_guard('evacuate', EVACUATE_VM_STATES, lock=False)
    def evacuate(self, context, instance, host, password, force=False, target_state=None):
        source = instance['host']
        if self._host_is_up(source):
            raise exception.ComputeServiceInUse(host=source)
        flavor_id = moves_db.flavor_db_id(instance['flavor_id'])
        migration = moves_db.migration_create({
            'uuid': str(uuidlib.uuid4()), 'instance_uuid': instance['uuid'],
            'source_compute': source, 'source_node': instance['node'],
            'dest_compute': host, 'status': 'accepted', 'migration_type': 'evacuation',
            'old_instance_type_id': flavor_id, 'new_instance_type_id': flavor_id,
            'user_id': context.user_id, 'project_id': context.project_id})
        try:
            inst = self._start_move(context, instance, 'evacuate',
                                    {'task_state': states.REBUILDING}, 'evacuate')
        except Exception:
            moves_db.migration_update(migration['id'], {'status': 'error'})
            raise
        self.conductor.evacuate_server(context, inst['uuid'], migration['id'], host,
                                       bool(force), password, target_state)
        return migration
