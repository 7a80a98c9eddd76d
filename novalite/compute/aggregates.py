"""Host aggregates and the availability zones they make (Nova's AggregateAPI and
nova/availability_zones.py).

A host is in the zone named by the ``availability_zone`` metadata of an aggregate it is in,
else in ``[DEFAULT] default_availability_zone``; services other than nova-compute are in the
internal zone. The API refuses changes that would put one host in two zones, and renaming
the zone of hosts that hold instances.
"""
from novalite import exception
from novalite.db import aggregates as agg_db
from novalite.db import api as db_api

INTERNAL_ZONE = 'internal'
COMPUTE_BINARY = 'nova-compute'


# ----------------------------------------------------------------------------- zones

def host_zone(conf, host, zones=None):
    """The availability zone of a compute host."""
    zones = agg_db.host_availability_zones() if zones is None else zones
    return zones.get(host) or conf.default_availability_zone


def service_zone(conf, service, zones=None):
    if service['binary'] != COMPUTE_BINARY:
        return INTERNAL_ZONE
    return host_zone(conf, service['host'], zones)


def zones(conf, services=None, host_zones=None):
    """(available, unavailable) zone names over the services: a zone is available when one
    of its services is enabled (the internal zone included; callers hide it)."""
    services = db_api.service_get_all() if services is None else services
    host_zones = agg_db.host_availability_zones() if host_zones is None else host_zones
    available, unavailable = set(), set()
    for svc in services:
        (unavailable if svc['disabled'] else available).add(
            service_zone(conf, svc, host_zones))
    return sorted(available), sorted(unavailable - available)


def check_requested_zone(conf, zone):
    """400 unless ``zone`` is an available zone of compute hosts (server create)."""
    available, _ = zones(conf, db_api.service_get_all(COMPUTE_BINARY))
    if zone not in available:
        raise exception.Invalid('The requested availability zone is not available')


# ----------------------------------------------------------------------------- aggregates

def _check_az(conf, metadata, aggregate, hosts=None, error=exception.InvalidAggregateActionAdd,
              check_no_instances=False):
    """Nova's is_safe_to_update_az: no empty zone name, no host in two zones, and (for
    updates) no renaming the zone of hosts that hold instances."""
    if agg_db.AZ_KEY not in metadata:
        return
    zone = metadata[agg_db.AZ_KEY]
    if not zone:
        raise error(aggregate_id=aggregate['id'],
                    reason='Aggregate %s does not support empty named availability zone'
                    % aggregate['name'])
    hosts = aggregate['hosts'] if hosts is None else hosts
    conflicting = []
    for agg in agg_db.aggregate_get_all():
        if agg['id'] == aggregate['id'] or not agg['availability_zone']:
            continue
        if agg['availability_zone'] != zone and set(agg['hosts']) & set(hosts):
            conflicting.append(agg['availability_zone'])
    if conflicting:
        raise error(aggregate_id=aggregate['id'],
                    reason='One or more hosts already in availability zone(s) %s'
                    % sorted(set(conflicting)))
    if check_no_instances and aggregate['availability_zone'] != zone \
            and agg_db.instance_count_on_hosts(hosts):
        raise error(aggregate_id=aggregate['id'],
                    reason='One or more hosts contain instances in this zone')


def get(aggregate_id):
    """The aggregate with its hosts and metadata; 404."""
    return agg_db.aggregate_get(aggregate_id)


def list_aggregates():
    return agg_db.aggregate_get_all()


def create(conf, name, zone=None):
    return agg_db.aggregate_create(name, {agg_db.AZ_KEY: zone} if zone else None)


def update(conf, aggregate_id, values):
    aggregate = agg_db.aggregate_get(aggregate_id)
    values = dict(values)
    if 'name' in values:
        agg_db.aggregate_update_name(aggregate_id, values.pop('name'))
    _check_az(conf, values, aggregate, error=exception.InvalidAggregateActionUpdate,
              check_no_instances=True)
    if values:
        agg_db.aggregate_metadata_update(aggregate_id, values)
    return agg_db.aggregate_get(aggregate_id)


def set_metadata(conf, aggregate_id, metadata):
    aggregate = agg_db.aggregate_get(aggregate_id)
    _check_az(conf, metadata, aggregate, error=exception.InvalidAggregateActionUpdateMeta,
              check_no_instances=True)
    return agg_db.aggregate_metadata_update(aggregate_id, metadata)


def delete(conf, aggregate_id):
    aggregate = agg_db.aggregate_get(aggregate_id)
    if aggregate['hosts']:
        raise exception.InvalidAggregateActionDelete(aggregate_id=aggregate_id,
                                           reason='Host aggregate is not empty')
    agg_db.aggregate_destroy(aggregate_id)


def add_host(conf, aggregate_id, host):
    if not any(s['host'] == host for s in db_api.service_get_all(COMPUTE_BINARY)):
        raise exception.ComputeHostNotFound(host=host)
    aggregate = agg_db.aggregate_get(aggregate_id)
    _check_az(conf, aggregate['metadata'], aggregate, hosts=[host])
    return agg_db.aggregate_host_add(aggregate_id, host)


def remove_host(conf, aggregate_id, host):
    if not any(s['host'] == host for s in db_api.service_get_all(COMPUTE_BINARY)):
        raise exception.ComputeHostNotFound(host=host)
    return agg_db.aggregate_host_delete(aggregate_id, host)
