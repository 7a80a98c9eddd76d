"""/servers/{id}/ips: a server's addresses by network label (Nova's IPsController).

Built from the instance's network info, like the ``addresses`` of the server view, but with
Nova's basic address view: ``version`` and ``addr`` only.
"""
from novalite import exception
from novalite.api.compute import common
from novalite.compute import api as compute_api
from novalite.network import api as network_api

P = 'os_compute_api:ips:%s'


def networks(inst):
    """{label: [{'version', 'addr'}, ...]} in the order of the instance's interfaces."""
    return {label: [{'version': ip['version'], 'addr': ip['address']} for _vif, ip in entries]
            for label, entries in network_api.addresses_by_label(inst.get('network_info'))}


class IPsController:

    def __init__(self, conf):
        self.conf = conf
        self.compute_api = compute_api.API(conf)

    def index(self, req, id):
        return {'addresses': networks(self._get(req, id, 'index'))}

    def show(self, req, id, network_label):
        addresses = networks(self._get(req, id, 'show'))
        if network_label not in addresses:
            raise exception.NotFound('Instance is not a member of specified network')
        return {network_label: addresses[network_label]}

    def _get(self, req, uuid, rule):
        return common.get_instance(req, uuid, P % rule)
