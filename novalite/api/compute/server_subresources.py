"""Server sub-resources: os-server-password, diagnostics, topology (2.78) and
os-interface (Nova's server_password, server_diagnostics, server_topology and
attach_interfaces controllers)."""
from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import common
from novalite.api.compute.schemas import server_extras as schemas
from novalite.compute import api as compute_api
from novalite.compute import server_extras


class _ServerSubresource:

    def __init__(self, conf):
        self.conf = conf
        self.compute_api = compute_api.API(conf)
        self.extras = server_extras.ServerExtras(self.compute_api)

    def _server(self, req, server_id, rule):
        return common.get_instance(req, server_id, rule)


# ---------------------------------------------------------------------- os-server-password
class ServerPasswordController(_ServerSubresource):

    def index(self, req, id):
        inst = self._server(req, id, 'os_compute_api:os-server-password:show')
        return {'password': self.extras.get_password(inst)}

    @wsgi.response(204)
    def clear(self, req, id):
        inst = self._server(req, id, 'os_compute_api:os-server-password:clear')
        self.extras.clear_password(inst)


# ---------------------------------------------------------------------- diagnostics
class ServerDiagnosticsController(_ServerSubresource):

    def index(self, req, id):
        """Below 2.48 the driver's own blob, from 2.48 Nova's standardized format. 409 while
        the server has no host or its guest does not run."""
        inst = self._server(req, id, 'os_compute_api:os-server-diagnostics')
        return self.extras.get_diagnostics(req.context, inst,
                                           req.api_version >= mv.DIAGNOSTICS_STANDARD)


# ---------------------------------------------------------------------- topology
class ServerTopologyController(_ServerSubresource):

    def index(self, req, id):
        if req.api_version < mv.TOPOLOGY:
            raise exception.NotFound('The resource could not be found.')
        inst = self._server(req, id, 'compute:server:topology:index')
        host_info = policy.authorize(req.context, 'compute:server:topology:host:index',
                                     fatal=False, target={'project_id': inst['project_id']})
        cells, pagesize = server_extras.numa_topology(inst)
        if cells is None:
            return {'nodes': [], 'pagesize_kb': None}
        nodes = []
        for cell in cells:
            node = {'vcpu_set': cell['cpus'], 'siblings': cell['siblings'],
                    'memory_mb': cell['memory']}
            if host_info:
                node['host_node'] = cell['id']
                node['cpu_pinning'] = cell['pinning']
            nodes.append(node)
        return {'nodes': nodes, 'pagesize_kb': pagesize}


# ---------------------------------------------------------------------- os-interface
P = 'os_compute_api:os-attach-interfaces:%s'


def _interface_view(req, port, inst):
    view = {'net_id': port['network_id'], 'port_id': port['id'],
            'mac_addr': port['mac_address'], 'port_state': port.get('status'),
            'fixed_ips': [{'subnet_id': ip.get('subnet_id'), 'ip_address': ip['ip_address']}
                          for ip in port.get('fixed_ips') or []]}
    if req.api_version >= mv.INTERFACE_TAG_IN_VIEW:
        vif = next((v for v in inst.get('network_info') or [] if v['id'] == port['id']), {})
        view['tag'] = vif.get('tag')
    return view


class InterfaceAttachmentController(_ServerSubresource):

    def index(self, req, id):
        inst = self._server(req, id, P % 'list')
        ports = self.extras.list_interfaces(req.context, inst)
        return {'interfaceAttachments': [_interface_view(req, p, inst) for p in ports]}

    def show(self, req, id, port_id):
        inst = self._server(req, id, P % 'show')
        port = self.extras.show_interface(req.context, inst, port_id)
        return {'interfaceAttachment': _interface_view(req, port, inst)}

    def create(self, req, id, body):
        """Attach a port, or a new port on a network (the server's only network when none
        is named); 200 with the attachment once the guest has it."""
        inst = self._server(req, id, P % 'create')
        validation.validate(schemas.interface_create_v249
                            if req.api_version >= mv.INTERFACE_TAG
                            else schemas.interface_create, body)
        params = (body or {}).get('interfaceAttachment') or {}
        fixed_ips = params.get('fixed_ips') or []
        port = self.extras.attach_interface(
            req.context, inst, network_id=params.get('net_id'),
            port_id=params.get('port_id'),
            requested_ip=fixed_ips[0]['ip_address'] if fixed_ips else None,
            tag=params.get('tag'))
        inst = compute_api.get_instance(req.context, id)
        return {'interfaceAttachment': _interface_view(req, port, inst)}

    @wsgi.response(202)
    def delete(self, req, id, port_id):
        inst = self._server(req, id, P % 'delete')
        self.extras.detach_interface(req.context, inst, port_id)
