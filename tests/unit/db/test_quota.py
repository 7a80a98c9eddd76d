"""Quota data access: limits per project/user/class, and usage counted from live rows."""
import uuid

from novalite import quota
from novalite.db import api as db_api
from novalite.db import quotas as quota_db
from novalite.db import session as db


def _instance(database, project_id='p1', user_id='u1', vcpus=1, memory_mb=256):
    with database.transaction() as session:
        return db_api.instance_create(session, {
            'uuid': str(uuid.uuid4()), 'project_id': project_id, 'user_id': user_id,
            'flavor_id': '1', 'flavor': {}, 'vcpus': vcpus, 'memory_mb': memory_mb,
            'root_gb': 1, 'vm_state': 'active', 'reservation_id': 'r-1'})


def test_usage_counts_live_instances_of_the_project_and_user(database):
    _instance(database, vcpus=2, memory_mb=512)
    _instance(database, user_id='u2')
    gone = _instance(database)
    _instance(database, project_id='p2', vcpus=8)
    db_api.instance_destroy(gone['uuid'])
    with db.transaction() as session:
        assert quota_db.instance_usage_in_session(session, 'p1') == (2, 3, 768)
        assert quota_db.instance_usage_in_session(session, 'p1', 'u2') == (1, 1, 256)
        assert quota_db.instance_usage_in_session(session, 'p3') == (0, 0, 0)
    assert db_api.instance_usage_by_project('p1') == (2, 3, 768)


def test_limits_layer_defaults_class_project_user(database):
    assert quota.get_project_quotas('p1')['instances'] == 10
    quota_db.quota_class_set('default', {'instances': 20, 'cores': 40})
    quota_db.quota_set('p1', {'instances': 5})
    quota_db.quota_set('p1', {'instances': 2, 'ram': 1024}, user_id='u1')
    quota_db.quota_set('p1', {'instances': 6})  # update in place
    assert quota.get_project_quotas('p1')['instances'] == 6
    assert quota.get_project_quotas('p1')['cores'] == 40
    user = quota.get_user_quotas('p1', 'u1')
    assert (user['instances'], user['ram'], user['cores']) == (2, 1024, 40)
    assert quota_db.quota_sum_of_users('p1') == {'instances': 2, 'ram': 1024}
    quota_db.quota_destroy_all('p1', 'u1')
    assert quota_db.quota_get_all('p1', 'u1') == {}
    assert quota_db.quota_get_all('p1') == {'instances': 6}
    quota_db.quota_destroy_all('p1')
    assert quota.get_project_quotas('p1')['instances'] == 20


def test_settable_range(database):
    _instance(database)
    _instance(database)
    quota_db.quota_set('p1', {'instances': 3}, user_id='u9')
    rng = quota.settable_range('p1')
    assert rng['instances'] == (3, -1) and rng['cores'] == (2, -1)
    assert quota.settable_range('p1', 'u1')['instances'] == (2, 7)
    assert quota.settable_range('p1', 'u9')['instances'] == (0, 10)
