"""get-me-a-network: the topology is built once per project; a request that loses the race
to record it removes what it built and answers with the first one."""
from novalite.api.network import auto_allocated_topology
from novalite.db import auto_allocate as topology_db
from novalite.db import network as network_db
from novalite.db import network_segments
from novalite.db import routers as router_db
from novalite.db import subnetpools as pool_db


def _external(client, admin):
    status, _h, body = client.request('POST', '/v2.0/networks', token=admin[0], body={
        'network': {'name': 'public', 'router:external': True, 'is_default': True}})
    assert status == 201, body
    net = body['network']
    status, _h, body = client.request('POST', '/v2.0/subnets', token=admin[0], body={
        'subnet': {'network_id': net['id'], 'ip_version': 4, 'cidr': '172.24.4.0/24'}})
    assert status == 201, body
    pool_db.subnetpool_create(pool_db.read({
        'name': 'default', 'project_id': admin[2], 'prefixes': ['10.0.0.0/16'],
        'default_prefixlen': 24, 'shared': True, 'is_default': True, 'description': ''}))
    return net


def test_built_once_and_race_loser_cleans_up(conf, network_client, demo, admin):
    _external(network_client, admin)
    project = demo[2]
    url = '/v2.0/auto-allocated-topology/%s' % project
    status, _h, body = network_client.request('GET', url, token=demo[0])
    assert status == 200, body
    first = body['auto_allocated_topology']['id']
    controller = auto_allocated_topology.AutoAllocatedTopologyController(conf)
    from novalite import context
    admin_ctx = context.get_admin_context()
    # a second, concurrent builder: builds its own, cannot record it, removes it
    assert controller._build(admin_ctx, project, network_segments.default_external_networks()[0]) \
        == first
    nets = [n for n in network_db.network_list(project) if n['project_id'] == project]
    assert [n['id'] for n in nets] == [first]
    routers = router_db.router_list(project)
    assert len(routers) == 1 and routers[0]['id'] == topology_db.get(project)['router_id']


def test_no_default_pool_is_a_deployment_error_and_leaves_nothing(network_client, demo,
                                                                  admin):
    status, _h, body = network_client.request('POST', '/v2.0/networks', token=admin[0], body={
        'network': {'name': 'public', 'router:external': True, 'is_default': True}})
    assert status == 201
    url = '/v2.0/auto-allocated-topology/%s' % demo[2]
    status, _h, body = network_client.request('GET', url + '?fields=dry-run', token=demo[0])
    assert status == 409
    assert body['NeutronError']['message'] == \
        'Deployment error: No default subnetpools defined.'
    status, _h, body = network_client.request('GET', url, token=demo[0])
    assert status == 409
    assert body['NeutronError']['message'] == \
        'Deployment error: Unable to provide project private network.'
    assert [n for n in network_db.network_list(demo[2]) if n['project_id'] == demo[2]] == []
