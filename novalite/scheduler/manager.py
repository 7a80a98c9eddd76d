"""The scheduler: filters and weighers over host states, an atomic claim on the winner."""
import logging
import random

import oslo_messaging as messaging
import stevedore

from novalite import exception
from novalite.db import claims
from novalite.db import server_groups as group_db
from novalite.scheduler import host_manager
from novalite.scheduler import rpcapi
from novalite.scheduler import weights

LOG = logging.getLogger(__name__)


def _load(namespace, names, conf):
    mgr = stevedore.NamedExtensionManager(namespace, names, invoke_on_load=True,
                                          invoke_args=(conf,), name_order=True,
                                          on_missing_entrypoints_callback=_missing(namespace))
    return [ext.obj for ext in mgr]


def _missing(namespace):
    def _callback(names):
        raise RuntimeError('unknown %s: %s' % (namespace, ', '.join(sorted(names))))
    return _callback


class SchedulerManager:
    target = messaging.Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, conf):
        self.conf = conf
        self.filters = _load('novalite.scheduler.filters',
                             conf.filter_scheduler.enabled_filters, conf)
        self.weighers = _load('novalite.scheduler.weights',
                              conf.filter_scheduler.weight_classes, conf)
        self.host_states = host_manager.HostStateCache(conf)

    def select_destinations(self, context, request_spec, instance_uuids,
                            return_alternates=True):
        spec = self._spec(request_spec, instance_uuids)
        # As in Nova, a forced host or node skips the filters; the claim still checks room.
        forced = bool(spec.get('force_hosts') or spec.get('force_nodes'))
        candidates = self._candidates(spec)
        selections = []
        for uuid in instance_uuids:
            # Filtered for each instance: the hosts chosen for the earlier instances of the
            # request count (their resources are taken, a group has members there).
            hosts = candidates if forced else [h for h in candidates
                                               if self._passes(h, spec)]
            ordered = self._weighed(hosts, spec)
            chosen = _claim_first(ordered, uuid, spec['resources'])
            if chosen is None:
                for done in selections:
                    claims.release(done[0]['instance_uuid'])
                raise exception.NoValidHost(
                    reason='There are not enough hosts available.')
            _consume(chosen, uuid, spec)
            alternates = []
            if return_alternates:
                limit = self.conf.filter_scheduler.max_attempts - 1
                alternates = [h for h in ordered if h is not chosen][:limit]
            selections.append([_selection(chosen, uuid)]
                              + [_selection(h, uuid) for h in alternates])
            LOG.info('Selected host %s for instance %s', chosen.host, uuid)
        return selections

    @staticmethod
    def _spec(request_spec, instance_uuids):
        """The request spec with the resources it claims and, for a server group, where the
        group's other members are now (not when the request was made)."""
        spec = dict(request_spec)
        spec['resources'] = claims.resources_of(spec['flavor'])
        if spec.get('group'):
            spec['group'] = dict(spec['group'], hosts=group_db.server_group_hosts(
                  spec['group']['uuid'], exclude=set(instance_uuids)))
        return spec

    def _candidates(self, spec):
        """The host states the request may land on: forced hosts/nodes only, never an
        ignored host, only the requested one. Moves (resize, migrate, evacuate) use Nova's
        ignore_hosts (never where the server is, unless allowed) and requested_destination
        (a host the filters still judge)."""
        forced_hosts = set(spec.get('force_hosts') or ())
        forced_nodes = set(spec.get('force_nodes') or ())
        ignored = set(spec.get('ignore_hosts') or ())
        requested = spec.get('requested_host')
        return [h for h in self.host_states.get()
                if (not forced_hosts or h.host in forced_hosts)
                and (not forced_nodes or h.nodename in forced_nodes)
                and h.host not in ignored and (not requested or h.host == requested)]

    def _passes(self, host, spec):
        return all(f.host_passes(host, spec) for f in self.filters)

    def _weighed(self, hosts, spec):
        totals = [0.0] * len(hosts)
        for weigher in self.weighers:
            raw = [weigher.weigh(h, spec) for h in hosts]
            for i, value in enumerate(weights.normalize(raw)):
                totals[i] += weigher.multiplier * value
        ranked = [h for _, h in sorted(zip(totals, hosts), key=lambda x: -x[0])]
        subset = min(self.conf.filter_scheduler.host_subset_size, len(ranked))
        if subset > 1:
            first = random.choice(ranked[:subset])
            ranked.remove(first)
            ranked.insert(0, first)
        return ranked


def _selection(host, uuid):
    return {'host': host.host, 'nodename': host.nodename, 'compute_node_id': host.node_id,
            'instance_uuid': uuid, 'availability_zone': host.availability_zone}


def _claim_first(ordered, uuid, resources):
    """The first host of ``ordered`` the instance's resources could be claimed on, or None."""
    for host in ordered:
        if claims.claim(host.node_id, uuid, resources):
            return host
    return None


def _consume(host, uuid, spec):
    """Account the chosen host's state for the next instance of the request."""
    resources = spec['resources']
    host.free_ram_mb -= resources['memory_mb']
    host.free_disk_gb -= resources['disk_gb']
    host.free_vcpus -= resources['vcpus']
    if host._instances is not None:  # else read when asked: the claim is committed
        host.instances = host.instances | {uuid}
    if spec.get('group'):
        spec['group'] = dict(spec['group'], hosts=spec['group']['hosts'] + [host.host])
