"""compute.api create under quotas: instances/cores/ram counted from live instances,
min/max count, metadata items, and exact counts under concurrent creates."""
import threading
import uuid

import pytest

from novalite import context
from novalite import exception
from novalite import quota
from novalite.compute import api as compute_api
from novalite.compute import create_request
from novalite.db import api as db_api
from novalite.db import models
from novalite.db import session as db

FLAVOR = {'flavorid': 'q1', 'name': 'q.small', 'memory_mb': 512, 'vcpus': 2, 'root_gb': 1,
          'ephemeral_gb': 0, 'swap': 0, 'rxtx_factor': 1.0, 'is_public': True,
          'description': None, 'extra_specs': {}, 'disabled': False}


class Conductor:
    def __init__(self):
        self.builds = []
        self.lock = threading.Lock()

    def schedule_and_build_instances(self, ctx, uuids, spec):
        with self.lock:
            self.builds.append(list(uuids))


@pytest.fixture
def api(conf, database, monkeypatch):
    a = compute_api.API(conf)
    a._conductor = Conductor()
    monkeypatch.setattr(a, '_flavor', lambda ctx, ref: dict(FLAVOR))
    monkeypatch.setattr(a, '_image', lambda ctx, ref, bdms: {'id': 'img', 'status': 'active'})
    monkeypatch.setattr(a, '_networks', lambda ctx, requested: [])
    return a


@pytest.fixture
def ctx():
    return context.RequestContext(user_id='u1', project_id='p1', roles=['member'],
                                  request_id='req-%s' % uuid.uuid4())


def _create(api, ctx, **params):
    values = {'name': 'vm', 'flavor_ref': 'q1', 'image_ref': 'img'}
    values.update(params)
    return api.create(ctx, create_request.CreateRequest(**values))[0]


def _live(project_id='p1'):
    with db.transaction() as session:
        return db_api.instance_usage_in_session(session, project_id)


def test_create_counts_instances_cores_and_ram(api, ctx):
    quota.update_quotas('p1', {'instances': 10, 'cores': 100, 'ram': 100000})
    for _ in range(9):
        _create(api, ctx)
    assert _live() == (9, 18, 9 * 512)
    with pytest.raises(quota.TooManyInstances) as err:
        _create(api, ctx, min_count=3, max_count=3)
    assert err.value.code == 403
    assert str(err.value) == ('Quota exceeded for instances: Requested 3, but already used '
                              '9 of 10 instances')
    assert _live() == (9, 18, 9 * 512)  # nothing was created
    assert len(api._conductor.builds) == 9


def test_several_resources_over_quota_are_listed(api, ctx):
    quota.update_quotas('p1', {'instances': 2, 'cores': 4})
    _create(api, ctx, min_count=2, max_count=2)
    with pytest.raises(quota.TooManyInstances) as err:
        _create(api, ctx)
    assert str(err.value) == ('Quota exceeded for cores, instances: Requested 2, 1, but '
                              'already used 4, 2 of 4, 2 cores, instances')


def test_min_max_count_creates_as_many_as_fit(api, ctx):
    quota.update_quotas('p1', {'instances': 5})
    created = api.create(ctx, create_request.CreateRequest(
        name='vm', flavor_ref='q1', image_ref='img', min_count=2, max_count=8))[0]
    assert len(created) == 5
    assert [i['display_name'] for i in created] == ['vm-%d' % n for n in range(1, 6)]
    with pytest.raises(quota.TooManyInstances) as err:
        _create(api, ctx, min_count=1, max_count=3)
    assert 'Requested 1-3, but already used 5 of 5 instances' in str(err.value)


def test_ram_quota_and_unlimited(api, ctx):
    quota.update_quotas('p1', {'instances': -1, 'cores': -1, 'ram': 1024})
    _create(api, ctx, min_count=2, max_count=2)
    with pytest.raises(quota.TooManyInstances) as err:
        _create(api, ctx)
    assert str(err.value) == ('Quota exceeded for ram: Requested 512, but already used 1024 '
                              'of 1024 ram')
    quota.update_quotas('p1', {'ram': -1})
    assert len(_create(api, ctx, min_count=20, max_count=20)) == 20


def test_deleted_instances_do_not_count(api, ctx):
    quota.update_quotas('p1', {'instances': 1})
    first = _create(api, ctx)[0]
    with pytest.raises(quota.TooManyInstances):
        _create(api, ctx)
    db_api.instance_destroy(first['uuid'])
    assert len(_create(api, ctx)) == 1


def test_user_quota_is_enforced_too(api, ctx):
    quota.update_quotas('p1', {'instances': 1}, user_id='u1')
    _create(api, ctx)
    with pytest.raises(quota.TooManyInstances):
        _create(api, ctx)
    other = context.RequestContext(user_id='u2', project_id='p1', roles=['member'])
    assert len(_create(api, other)) == 1


def test_metadata_items_quota(api, ctx):
    quota.update_quotas('p1', {'metadata_items': 2})
    _create(api, ctx, metadata={'a': '1', 'b': '2'})
    with pytest.raises(quota.MetadataLimitExceeded) as err:
        _create(api, ctx, metadata={'a': '1', 'b': '2', 'c': '3'})
    assert err.value.code == 403
    assert str(err.value) == 'Maximum number of metadata items exceeds 2'
    assert _live()[0] == 1


def test_concurrent_creates_never_exceed_the_quota(api, ctx):
    quota.update_quotas('p1', {'instances': 5})
    results, lock = [], threading.Lock()
    start = threading.Barrier(10)

    def boot():
        start.wait()
        try:
            _create(api, ctx)
            outcome = 'ok'
        except exception.OverQuota:
            outcome = 'over'
        except Exception as exc:  # a database error would show here
            outcome = repr(exc)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=boot) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == ['ok'] * 5 + ['over'] * 5
    assert _live() == (5, 10, 5 * 512)
    assert sum(len(b) for b in api._conductor.builds) == 5


def test_quota_lock_row_is_not_needed_on_sqlite(database):
    with db.transaction() as session:
        db_api.quota_lock_project(session, 'p1')
        assert session.query(models.QuotaUsageLock).count() == 0
