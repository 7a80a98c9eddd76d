"""conductor/tasks/build.py: an accepted instance whose build request never reached a
conductor ends in ERROR with a fault after [DEFAULT] scheduling_timeout (issue 18)."""
import datetime
import uuid

from novalite import context
from novalite.compute import states
from novalite.conductor import manager
from novalite.conductor.tasks import build
from novalite.db import api as db_api
from novalite.db import session as db

FLAVOR = {'flavorid': '1', 'name': 'f', 'vcpus': 1, 'memory_mb': 64, 'root_gb': 1,
          'ephemeral_gb': 0, 'swap': 0}


def _instance(age, task_state=states.SCHEDULING, host=None, vm_state=states.BUILDING):
    created = (datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
               - datetime.timedelta(seconds=age))
    values = {'uuid': str(uuid.uuid4()), 'project_id': 'p1', 'user_id': 'u1',
              'flavor_id': '1', 'flavor': FLAVOR, 'vcpus': 1, 'memory_mb': 64, 'root_gb': 1,
              'vm_state': vm_state, 'task_state': task_state, 'host': host,
              'reservation_id': 'r-1', 'power_state': states.NOSTATE, 'created_at': created}
    with db.transaction() as session:
        return db_api.instance_create(session, values)['uuid']


def test_unscheduled_instances_expire_into_error_with_a_fault(conf, database):
    conf.set_override('scheduling_timeout', 120)
    lost = _instance(age=300)
    recent = _instance(age=5)
    placed = _instance(age=300, host='h1')
    building = _instance(age=300, task_state=states.SPAWNING, host='h1')
    ctx = context.get_admin_context()
    manager.ConductorManager(conf).periodic_tasks(ctx)
    assert db_api.instance_get(lost)['vm_state'] == states.ERROR
    assert db_api.instance_get(lost)['task_state'] is None
    fault = db_api.faults_latest([lost])[lost]
    assert 'not scheduled within 120s' in fault['message']
    for uuid_ in (recent, placed, building):
        inst = db_api.instance_get(uuid_)
        assert inst['vm_state'] == states.BUILDING and inst['task_state'] is not None
    assert build.expire_unscheduled(conf, ctx) == []


def test_a_zero_timeout_expires_nothing(conf, database):
    conf.set_override('scheduling_timeout', 0)
    lost = _instance(age=10 ** 6)
    assert build.expire_unscheduled(conf, context.get_admin_context()) == []
    assert db_api.instance_get(lost)['vm_state'] == states.BUILDING
