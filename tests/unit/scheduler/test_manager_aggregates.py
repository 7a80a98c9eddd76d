"""select_destinations with aggregates (zones, extra specs), stale heartbeats and the
spread/pack choice of the weighers, over real rows."""
import datetime
import uuid

import pytest

from novalite import exception
from novalite.db import aggregates as agg_db
from novalite.db import models
from novalite.scheduler import manager

FLAVOR = {'vcpus': 1, 'memory_mb': 512, 'root_gb': 1, 'ephemeral_gb': 0, 'swap': 0}


def _spec(**extra):
    spec = {'flavor': dict(FLAVOR, extra_specs=extra.pop('extra_specs', {})),
            'image': {'id': 'img', 'properties': {}}}
    spec.update(extra)
    return spec


def _select(conf, spec, n=1):
    return [s[0] for s in manager.SchedulerManager(conf).select_destinations(
        None, spec, [str(uuid.uuid4()) for _ in range(n)])]


@pytest.fixture
def hosts(make_node, override):
    override('enabled_filters', ['ComputeFilter', 'ResourceFilter', 'AvailabilityZoneFilter',
                                 'AggregateInstanceExtraSpecsFilter'])
    return [make_node('h%d' % i, memory_mb=4096) for i in (1, 2, 3)]


def test_zone_of_an_aggregate_places_there(conf, hosts):
    agg = agg_db.aggregate_create('a', {'availability_zone': 'az1'})
    agg_db.aggregate_host_add(agg['id'], 'h2')
    chosen = _select(conf, _spec(availability_zone='az1'), n=3)
    assert {s['host'] for s in chosen} == {'h2'}
    assert chosen[0]['availability_zone'] == 'az1'
    assert {s['host'] for s in _select(conf, _spec(availability_zone='nova'), n=4)} == \
        {'h1', 'h3'}
    with pytest.raises(exception.NoValidHost):
        _select(conf, _spec(availability_zone='az9'))


def test_extra_specs_match_aggregate_metadata(conf, hosts):
    agg = agg_db.aggregate_create('fast', {'ssd': 'true'})
    agg_db.aggregate_host_add(agg['id'], 'h3')
    chosen = _select(conf, _spec(extra_specs={'aggregate_instance_extra_specs:ssd': 'true'}),
                     n=2)
    assert {s['host'] for s in chosen} == {'h3'}


def test_stale_heartbeat_is_skipped(conf, hosts, update_service):
    old = models.utcnow() - datetime.timedelta(seconds=conf.service_down_time + 5)
    update_service('h1', last_seen_up=old, updated_at=old)
    update_service('h2', forced_down=True)
    assert {s['host'] for s in _select(conf, _spec(), n=3)} == {'h3'}


@pytest.mark.parametrize('multiplier, expected', [(1.0, {'h1', 'h2', 'h3'}), (-1.0, None)])
def test_spread_or_pack(conf, hosts, override, multiplier, expected):
    override('weight_classes', ['RAMWeigher', 'CPUWeigher', 'DiskWeigher'])
    for name in ('ram_weight_multiplier', 'cpu_weight_multiplier', 'disk_weight_multiplier'):
        override(name, multiplier)
    chosen = {s['host'] for s in _select(conf, _spec(), n=3)}
    if expected:
        assert chosen == expected          # spread: one per host
    else:
        assert len(chosen) == 1            # pack: all on one host
