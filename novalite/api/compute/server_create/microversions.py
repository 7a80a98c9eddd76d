"""Server-create plugins of microversions 2.52 -> 2.94: tags (2.52), personality (below
2.57), trusted image certificates (2.63), host/hypervisor_hostname (2.74, admin) and
hostname (2.90, an FQDN from 2.94)."""
import binascii

from novalite import exception
from novalite import policy
from novalite import quota
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api.compute import server_create
from novalite.api.compute.schemas import server_extras as schemas
from novalite.compute import hosts as host_api


class Tags(server_create.Plugin):

    def schema(self, version):
        if version < mv.TAGS_AT_CREATE:
            return {}, {}, []
        return {'tags': schemas.create_tags}, {}, []

    def server_create(self, server, create_req, body, req):
        if 'tags' in server:
            create_req.tags = list(dict.fromkeys(server['tags']))


class Personality(server_create.Plugin):
    """Files injected into the guest (below 2.57): checked against the injected_files quotas
    as Nova does (403), then kept for the record; the fake guest has no file system."""

    def schema(self, version):
        if version >= mv.NO_PERSONALITY:
            return {}, {}, []
        return {'personality': schemas.personality}, {}, []

    def server_create(self, server, create_req, body, req):
        files = server.get('personality')
        if not files:
            return
        limits = quota.get_quotas(req.context.project_id, conf=self.conf)
        _over(len(files), limits.get('injected_files'), 'Personality file limit exceeded')
        for item in files:
            try:
                validation.b64decode(item['contents'])
            except (binascii.Error, ValueError):
                raise exception.Invalid('Personality content for %s cannot be decoded'
                                        % item['path'])
            _over(len(item['path']), limits.get('injected_file_path_bytes'),
                  'Personality file path exceeds maximum %s'
                  % limits.get('injected_file_path_bytes'))
            _over(len(item['contents']), limits.get('injected_file_content_bytes'),
                  'Personality file content exceeds maximum %s'
                  % limits.get('injected_file_content_bytes'))
        create_req.personality = [item['path'] for item in files]


def _over(value, limit, message):
    if limit is not None and limit >= 0 and value > limit:
        raise exception.OverQuota(message)


class TrustedCerts(server_create.Plugin):

    def schema(self, version):
        if version < mv.TRUSTED_CERTS:
            return {}, {}, []
        return {'trusted_image_certificates': schemas.trusted_certs}, {}, []

    def server_create(self, server, create_req, body, req):
        certs = server.get('trusted_image_certificates')
        if certs:
            policy.authorize(req.context, 'os_compute_api:servers:create:trusted_certs',
                             {'project_id': req.context.project_id})
            if not create_req.image_ref and not server.get('imageRef'):
                raise exception.Invalid('Image certificate validation is not supported '
                                        'for volume-backed instances.')
            create_req.trusted_certs = certs


class RequestedDestination(server_create.Plugin):
    """``host`` and ``hypervisor_hostname`` (2.74, admin): the scheduler places the server
    there (novalite: as a forced host/node, after checking the host and node exist)."""

    def schema(self, version):
        if version < mv.REQUESTED_DESTINATION:
            return {}, {}, []
        return {'host': schemas.host, 'hypervisor_hostname': schemas.host}, {}, []

    def server_create(self, server, create_req, body, req):
        host, node = server.get('host'), server.get('hypervisor_hostname')
        if not host and not node:
            return
        policy.authorize(req.context, 'compute:servers:create:requested_destination',
                         {'project_id': req.context.project_id})
        nodes = host_api.compute_nodes()
        if host and node:
            if not any(n['host'] == host and n['hypervisor_hostname'] == node for n in nodes):
                raise exception.Invalid('Compute host %s could not be found.' % node)
        elif host and not any(n['host'] == host for n in nodes):
            raise exception.Invalid('Compute host %s could not be found.' % host)
        elif node and not any(n['hypervisor_hostname'] == node for n in nodes):
            raise exception.Invalid('Compute host %s could not be found.' % node)
        if host:
            create_req.forced_host = host
        if node:
            create_req.forced_node = node


class Hostname(server_create.Plugin):

    def schema(self, version):
        if version >= mv.HOSTNAME_FQDN:
            return {'hostname': schemas.fqdn}, {}, []
        if version >= mv.HOSTNAME:
            return {'hostname': schemas.hostname}, {}, []
        return {}, {}, []

    def server_create(self, server, create_req, body, req):
        if 'hostname' not in server:
            return
        if int(server.get('max_count', 1)) > 1 or int(server.get('min_count', 1)) > 1:
            raise exception.Invalid('Unable to set hostname when creating multiple '
                                    'instances.')
        create_req.hostname = server['hostname']
