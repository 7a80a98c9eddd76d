"""get-me-a-network: GET/DELETE /v2.0/auto-allocated-topology/{project_id}
(the ``auto-allocated-topology`` extension), as Neutron's AutoAllocatedTopologyMixin does it.

GET returns the project's auto-allocated network, building it on first use: a network
``auto_allocated_network`` (down until the topology is recorded), one subnet from each default
subnet pool (``auto_allocated_subnet_v4``/``_v6``) and a router ``auto_allocated_router`` with
its gateway on the default external network (``is_default``) and an interface on each subnet.
Two concurrent first requests may both build; the one that records second removes its own and
answers with the first. ``?fields=dry-run`` only checks the requirements. Failures are
Neutron's 409 AutoAllocationFailure, with what was built removed.
"""
import logging

from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import common
from novalite.api.network import networks
from novalite.api.network import routers
from novalite.api.network import subnets
from novalite.db import auto_allocate as topology_db
from novalite.db import network as network_db
from novalite.db import network_segments
from novalite.db import routers as router_db
from novalite.db import subnetpools as pool_db

LOG = logging.getLogger(__name__)
DRY_RUN = 'dry-run'


def _view(network_id, project_id):
    return {'auto_allocated_topology': {'id': network_id, 'project_id': project_id,
                                        'tenant_id': project_id}}


class AutoAllocatedTopologyController:

    def __init__(self, conf):
        self.conf = conf
        self.networks = networks.NetworksController(conf)
        self.subnets = subnets.SubnetsController(conf)
        self.routers = routers.RoutersController(conf)

    def show(self, req, id):
        ctx = req.context
        project_id = self._project(ctx, id, 'get_auto_allocated_topology')
        fields = common.requested_fields(req)
        if DRY_RUN in fields:
            self._default_external_network()
            if not self._default_pools():
                raise errors.AutoAllocationFailure(reason='No default subnetpools defined')
            return {'auto_allocated_topology': {'id': 'dry-run=pass',
                                                'project_id': project_id,
                                                'tenant_id': project_id}}
        if fields:
            raise errors.SubnetBadRequest(resource='auto_allocate', msg='Unrecognized field')
        found = topology_db.get(project_id)
        if found:
            return _view(found['network_id'], project_id)
        external_id = self._default_external_network()
        return _view(self._build(ctx.elevated(), project_id, external_id), project_id)

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        project_id = self._project(ctx, id, 'delete_auto_allocated_topology')
        found = topology_db.get(project_id)
        if found:
            subnet_ids = [s['id'] for s in network_db.subnet_list(
                None, network_id=[found['network_id']])]
            self._cleanup(found['network_id'], found['router_id'], subnet_ids)
            topology_db.forget(project_id)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _project(ctx, project_id, action):
        if project_id == 'None':
            project_id = ctx.project_id
        if not ctx.is_admin and project_id != ctx.project_id:
            raise errors.NotAuthorized()
        common.authorize(ctx, action, {'project_id': project_id, 'tenant_id': project_id})
        return project_id

    @staticmethod
    def _default_external_network():
        found = network_segments.default_external_networks()
        if not found:
            raise errors.AutoAllocationFailure(reason='No default router:external network')
        return found[0]

    @staticmethod
    def _default_pools():
        return [p for p in (pool_db.default_pool(4), pool_db.default_pool(6)) if p]

    def _build(self, admin, project_id, external_id):
        net = self.networks._create(admin, {'name': 'auto_allocated_network',
                                            'admin_state_up': False, 'shared': False,
                                            'project_id': project_id})
        router, subnet_ids = None, []
        try:
            pools = self._default_pools()
            if not pools:
                raise errors.SubnetPoolNotFound(subnetpool_id='default')
            for pool in pools:
                subnet = self.subnets._create(admin, {
                    'name': 'auto_allocated_subnet_v%s' % pool['ip_version'],
                    'network_id': net['id'], 'project_id': project_id,
                    'ip_version': pool['ip_version'], 'subnetpool_id': pool['id']})
                subnet_ids.append(subnet['id'])
        except errors.NeutronError as exc:
            LOG.error('Unable to auto allocate topology for project %s: %s', project_id, exc)
            self._cleanup(net['id'], None, [])
            raise errors.AutoAllocationFailure(reason='Unable to provide project private '
                                                      'network')
        except Exception:
            self._cleanup(net['id'], None, [])
            raise
        try:
            router = self.routers._create(admin, {
                'name': 'auto_allocated_router', 'project_id': project_id,
                'admin_state_up': True, 'external_gateway_info': {'network_id': external_id}})
            for subnet_id in subnet_ids:
                router_db.add_interface_by_subnet(router, network_db.subnet_get(subnet_id))
        except errors.NeutronError as exc:
            LOG.error('Unable to auto allocate topology for project %s: %s', project_id, exc)
            self._cleanup(net['id'], router and router['id'], subnet_ids)
            raise errors.AutoAllocationFailure(reason='Unable to provide external '
                                                      'connectivity')
        except Exception:
            self._cleanup(net['id'], router and router['id'], subnet_ids)
            raise
        if not topology_db.save(project_id, net['id'], router['id']):
            self._cleanup(net['id'], router['id'], subnet_ids)
            return topology_db.get(project_id)['network_id']
        network_db.network_update(net['id'], {'admin_state_up': True})
        return net['id']

    @staticmethod
    def _cleanup(network_id, router_id, subnet_ids):
        """Remove a topology (what is already gone is skipped, as Neutron's ignore_notfound)."""
        if router_id:
            router = router_db.router_get(router_id)
            for subnet_id in subnet_ids if router else []:
                _ignore_missing(router_db.remove_interface, router, subnet_id=subnet_id)
            _ignore_missing(router_db.router_delete, router_id)
        if network_id:
            _ignore_missing(network_db.network_delete, network_id)


def _ignore_missing(func, *args, **kwargs):
    try:
        func(*args, **kwargs)
    except errors.NeutronError as exc:
        if exc.code != 404:
            raise
