"""AvailabilityZoneFilter and AggregateInstanceExtraSpecsFilter over host states."""
import types

import pytest

from novalite.scheduler.filters import aggregates


def _host(zone='nova', aggs=()):
    return types.SimpleNamespace(availability_zone=zone, aggregates=[
        {'metadata': dict(m)} for m in aggs])


@pytest.mark.parametrize('requested, host_zone, passes', [
    (None, 'nova', True), ('nova', 'nova', True), ('az1', 'nova', False),
    ('az1', 'az1', True), ('az2', 'az1,az2', True)])
def test_availability_zone_filter(conf, requested, host_zone, passes):
    f = aggregates.AvailabilityZoneFilter(conf)
    assert f.host_passes(_host(host_zone), {'availability_zone': requested}) is passes


@pytest.mark.parametrize('specs, aggs, passes', [
    ({}, [], True),
    ({'aggregate_instance_extra_specs:ssd': 'true'}, [{'ssd': 'true'}], True),
    ({'aggregate_instance_extra_specs:ssd': 'true'}, [{'ssd': 'false'}], False),
    ({'aggregate_instance_extra_specs:ssd': 'true'}, [], False),
    ({'aggregate_instance_extra_specs:ssd': 'true'}, [{'ssd': 'false'}, {'ssd': 'true'}],
     True),
    ({'ssd': 'true'}, [{'ssd': 'true'}], True),          # unscoped keys count, as in Nova
    ({'hw:cpu_policy': 'dedicated'}, [], True),           # other scopes are ignored
    ({'aggregate_instance_extra_specs:gen': '>= 3'}, [{'gen': '4'}], True),
    ({'aggregate_instance_extra_specs:gen': '>= 3'}, [{'gen': '2'}], False),
    ({'aggregate_instance_extra_specs:cpu': '<in> avx'}, [{'cpu': 'sse avx2'}], True),
    ({'aggregate_instance_extra_specs:t': '<or> a <or> b'}, [{'t': 'b'}], True),
    ({'aggregate_instance_extra_specs:t': '<or> a <or> b'}, [{'t': 'c'}], False),
    ({'aggregate_instance_extra_specs:t': 's== x'}, [{'t': 'x'}], True),
])
def test_aggregate_instance_extra_specs_filter(conf, specs, aggs, passes):
    f = aggregates.AggregateInstanceExtraSpecsFilter(conf)
    assert f.host_passes(_host(aggs=aggs), {'flavor': {'extra_specs': specs}}) is passes
