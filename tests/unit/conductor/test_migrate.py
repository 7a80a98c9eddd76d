"""conductor/tasks/migrate.py over real rows: the migration record, the source allocation
handed to the migration, the atomic claim on the destination, and the rollbacks."""
import datetime
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite.compute import states
from novalite.conductor.tasks import migrate
from novalite.db import api as db_api
from novalite.db import claims
from novalite.db import models
from novalite.db import moves as moves_db
from novalite.db import session as db
from novalite.scheduler import manager as scheduler_manager

OLD = {'flavorid': '1', 'name': 'old', 'vcpus': 1, 'memory_mb': 1024, 'root_gb': 10,
       'ephemeral_gb': 0, 'swap': 0}
NEW = dict(OLD, flavorid='2', name='new', vcpus=2, memory_mb=2048)


class Casts:
    def __init__(self):
        self.sent = []

    def __getattr__(self, name):
        return lambda ctx, host, instance, *args: self.sent.append((name, host, args))


@pytest.fixture
def env(conf, database, monkeypatch):
    """Scheduler calls go to a real SchedulerManager; compute casts are recorded."""
    scheduler = scheduler_manager.SchedulerManager(conf)

    class Scheduler:
        def select_destinations(self, ctx, spec, uuids, return_alternates=True):
            return scheduler.select_destinations(ctx, spec, uuids, return_alternates)
    casts = Casts()
    monkeypatch.setattr(migrate.scheduler_rpcapi, 'SchedulerAPI', Scheduler)
    monkeypatch.setattr(migrate.compute_rpcapi, 'ComputeAPI', lambda: casts)
    return casts


@pytest.fixture
def ctx():
    return context.RequestContext(user_id='u1', project_id='p1', roles=['member'],
                                  request_id='req-%s' % uuid.uuid4())


def node(host, memory_mb=4096):
    db_api.service_heartbeat(host, 'nova-compute', 'compute')
    return db_api.compute_node_upsert(host, host, {
        'vcpus': 8, 'memory_mb': memory_mb, 'local_gb': 100, 'cpu_allocation_ratio': 1.0,
        'ram_allocation_ratio': 1.0, 'disk_allocation_ratio': 1.0})


def server(ctx, on, task_state=states.RESIZE_PREP, flavor=OLD):
    values = {'uuid': str(uuid.uuid4()), 'project_id': 'p1', 'user_id': 'u1',
              'flavor_id': flavor['flavorid'], 'flavor': flavor, 'vcpus': flavor['vcpus'],
              'memory_mb': flavor['memory_mb'], 'root_gb': flavor['root_gb'],
              'vm_state': states.ACTIVE, 'task_state': task_state, 'host': on['host'],
              'node': on['hypervisor_hostname'], 'reservation_id': 'r-1',
              'power_state': states.RUNNING}
    with db.transaction() as session:
        inst = db_api.instance_create(session, values)
        db_api.action_start(session, ctx, inst['uuid'], 'resize')
    assert claims.claim(on['id'], inst['uuid'], claims.resources_of(flavor))
    return inst


def used(node_row):
    row = db_api.compute_node_get(node_row['id'])
    return row['memory_mb_used'], row['vcpus_used'], row['running_vms']


def holders(consumer):
    return sorted(a['compute_node_id'] for a in claims.allocations_of(consumer))


def test_resize_hands_the_source_to_the_migration_and_claims_the_destination(
        conf, env, ctx):
    h1, h2 = node('h1'), node('h2')
    inst = server(ctx, h1)
    mig = migrate.MigrationTask(conf, ctx, inst['uuid'], NEW, None, ['h1'], 'resize').run()
    assert (mig['status'], mig['migration_type'], mig['source_compute'], mig['dest_compute'],
            mig['dest_node'], mig['user_id'], mig['project_id']) == (
        'pre-migrating', 'resize', 'h1', 'h2', 'h2', 'u1', 'p1')
    assert mig['old_flavor'] == OLD and mig['new_flavor'] == NEW
    assert holders(mig['uuid']) == [h1['id']]           # the source, now the migration's
    assert holders(inst['uuid']) == [h2['id']]          # the destination, the new flavor
    assert used(h1) == (1024, 1, 1) and used(h2) == (2048, 2, 1)
    [(name, host, args)] = env.sent
    assert (name, host, args[0]['id'], args[1]) == ('prep_resize', 'h2', mig['id'], NEW)
    [event] = db_api.action_get(inst['uuid'], ctx.request_id)['events']
    assert (event['event'], event['result']) == ('conductor_migrate_server', 'Success')


def test_no_valid_host_puts_everything_back(conf, env, ctx):
    h1 = node('h1')
    node('h2', memory_mb=1024)                          # too small for the new flavor
    inst = server(ctx, h1)
    task = migrate.MigrationTask(conf, ctx, inst['uuid'], NEW, None, ['h1'], 'resize')
    with pytest.raises(exception.NoValidHost):
        task.run()
    assert holders(inst['uuid']) == [h1['id']] and used(h1) == (1024, 1, 1)
    assert moves_db.migration_get(task.migration['id'])['status'] == 'error'
    current = db_api.instance_get(inst['uuid'])
    assert (current['vm_state'], current['task_state']) == (states.ACTIVE, None)
    assert env.sent == []
    [event] = db_api.action_get(inst['uuid'], ctx.request_id)['events']
    assert event['result'] == 'Error'


def test_same_host_resize_holds_both_flavors_on_one_node(conf, env, ctx):
    h1 = node('h1')
    inst = server(ctx, h1)
    mig = migrate.MigrationTask(conf, ctx, inst['uuid'], NEW, None, [], 'resize').run()
    assert mig['dest_compute'] == 'h1'
    assert holders(mig['uuid']) == holders(inst['uuid']) == [h1['id']]
    assert used(h1) == (1024 + 2048, 3, 2)


def test_the_destination_claim_is_atomic_no_over_commit(conf, env, ctx):
    h1 = node('h1', memory_mb=8192)
    h2 = node('h2', memory_mb=2048)                     # room for one new flavor
    first, second = server(ctx, h1), server(ctx, h1)
    migrate.MigrationTask(conf, ctx, first['uuid'], NEW, None, ['h1'], 'resize').run()
    with pytest.raises(exception.NoValidHost):
        migrate.MigrationTask(conf, ctx, second['uuid'], NEW, None, ['h1'],
                              'resize').run()
    assert used(h2) == (2048, 2, 1)
    assert holders(second['uuid']) == [h1['id']]


def test_requested_host_is_judged_by_the_filters(conf, env, ctx):
    h1, h3 = node('h1'), node('h3', memory_mb=2048)
    node('h2', memory_mb=16384)                         # the weigher's favourite
    inst = server(ctx, h1)
    mig = migrate.MigrationTask(conf, ctx, inst['uuid'], OLD, 'h3', ['h1'],
                                'migration').run()
    assert mig['dest_compute'] == 'h3' and holders(inst['uuid']) == [h3['id']]
    small = server(ctx, h1)
    with pytest.raises(exception.NoValidHost):          # h3 is full now for 2048
        migrate.MigrationTask(conf, ctx, small['uuid'], NEW, 'h3', ['h1'], 'resize').run()


def _evacuation(ctx, inst):
    return moves_db.migration_create({
        'uuid': str(uuid.uuid4()), 'instance_uuid': inst['uuid'], 'status': 'accepted',
        'source_compute': inst['host'], 'source_node': inst['node'],
        'migration_type': 'evacuation', 'user_id': 'u1', 'project_id': 'p1'})


def test_evacuate_schedules_away_from_the_source(conf, env, ctx):
    h1, h2 = node('h1'), node('h2')
    inst = server(ctx, h1, task_state=states.REBUILDING)
    mig = _evacuation(ctx, inst)
    migrate.EvacuateTask(conf, ctx, inst['uuid'], mig['id'], None, False, 'pw',
                         'stopped').run()
    mig = moves_db.migration_get(mig['id'])
    assert (mig['status'], mig['dest_compute']) == ('pre-migrating', 'h2')
    assert holders(mig['uuid']) == [h1['id']] and holders(inst['uuid']) == [h2['id']]
    [(name, host, args)] = env.sent
    assert (name, host, args[1], args[2]) == ('evacuate_instance', 'h2', 'pw', 'stopped')


def test_forced_evacuate_without_room_errors_the_server(conf, env, ctx):
    h1 = node('h1')
    node('h2', memory_mb=512)
    inst = server(ctx, h1, task_state=states.REBUILDING)
    mig = _evacuation(ctx, inst)
    migrate.EvacuateTask(conf, ctx, inst['uuid'], mig['id'], 'h2', True, None, None).run()
    current = db_api.instance_get(inst['uuid'])
    assert (current['vm_state'], current['task_state']) == (states.ERROR, None)
    [fault] = db_api.faults_latest([inst['uuid']]).values()
    assert fault['message'].startswith('No valid host was found.')
    assert moves_db.migration_get(mig['id'])['status'] == 'error'
    assert holders(inst['uuid']) == [h1['id']] and env.sent == []


def test_unconfirmed_resizes_are_confirmed_after_the_window(conf, env, ctx):
    h1 = node('h1')
    node('h2')
    inst = server(ctx, h1, task_state=None)
    db_api.instance_update(inst['uuid'], {'vm_state': states.RESIZED, 'host': 'h2'})
    mig = moves_db.migration_create({
        'uuid': str(uuid.uuid4()), 'instance_uuid': inst['uuid'], 'status': 'finished',
        'source_compute': 'h1', 'dest_compute': 'h2', 'migration_type': 'resize'})
    assert migrate.confirm_unconfirmed_resizes(conf, ctx, 'h2', 60) == []
    long_ago = models.utcnow() - datetime.timedelta(seconds=120)
    with db.get_engine().begin() as conn:
        conn.execute(models.Migration.__table__.update().values(updated_at=long_ago))
    assert migrate.confirm_unconfirmed_resizes(conf, ctx, 'h1', 60) == []  # not its dest
    assert migrate.confirm_unconfirmed_resizes(conf, ctx, 'h2', 60) == [mig['uuid']]
    assert moves_db.migration_get(mig['id'])['status'] == 'confirming'
    [(name, host, _args)] = env.sent
    assert (name, host) == ('confirm_resize', 'h1')
    assert 'confirmResize' in [a['action'] for a in db_api.actions_list(inst['uuid'])]
    assert migrate.confirm_unconfirmed_resizes(conf, ctx, 'h2', 60) == []  # once only


def test_allocations_of_a_deleted_server_go_with_its_migrations(conf, env, ctx):
    h1, h2 = node('h1'), node('h2')
    inst = server(ctx, h1)
    migrate.MigrationTask(conf, ctx, inst['uuid'], NEW, None, ['h1'], 'resize').run()
    claims.release(inst['uuid'])
    moves_db.release_migration_allocations(inst['uuid'])
    assert used(h1) == used(h2) == (0, 0, 0)
