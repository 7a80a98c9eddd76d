"""GET /networking and /networking/v2.0: Neutron's version and resource documents."""

RESOURCES = (('network', 'networks'), ('subnet', 'subnets'), ('port', 'ports'),
             ('security_group', 'security-groups'),
             ('security_group_rule', 'security-group-rules'), ('router', 'routers'))


class VersionsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        href = req.host_url + req.script_name + '/v2.0/'
        return {'versions': [{'id': 'v2.0', 'status': 'CURRENT',
                              'links': [{'href': href, 'rel': 'self'}]}]}

    def show(self, req):
        base = req.host_url + req.script_name + '/v2.0/'
        return {'resources': [{'name': name, 'collection': collection,
                               'links': [{'href': base + collection, 'rel': 'self'}]}
                              for name, collection in RESOURCES]}
