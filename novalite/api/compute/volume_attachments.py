"""os-volume_attachments (Nova's volume_attachments controller): a server's volumes.

The attachment's id is the volume's id. Attach answers 200 with the device below 2.101 and
202 without a body from 2.101; the host side is asynchronous either way (the volume goes
reserved -> attaching -> in-use). Detach answers 202.
"""
from novalite import exception
from novalite import exception_volume
from novalite import policy
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute.schemas import volume_attachments as schemas
from novalite.api.compute.views import volumes as views
from novalite.compute import api as compute_api
from novalite.compute import states
from novalite.compute import volumes

P = 'os_compute_api:os-volumes-attachments:%s'


def _check_shelved(req, inst, method):
    """Below 2.20 a shelved server's volumes cannot change (Nova's 409)."""
    if (inst['vm_state'] in (states.SHELVED, states.SHELVED_OFFLOADED)
            and req.api_version < mv.VOLUME_SHELVED):
        raise exception.InstanceInvalidState(method=method, instance_uuid=inst['uuid'],
                                             attr='vm_state', state=inst['vm_state'])


class VolumeAttachmentController:

    def __init__(self, conf):
        self.conf = conf
        self.compute_api = compute_api.API(conf)

    def _server(self, req, server_id, rule):
        inst = self.compute_api.get(req.context, server_id)
        policy.authorize(req.context, P % rule, {'project_id': inst['project_id']})
        return inst

    @staticmethod
    def _bdm(inst, volume_id):
        return volumes.get_attachment(inst, volume_id)

    def index(self, req, id):
        inst = self._server(req, id, 'index')
        validation.validate(schemas.index_query_v275 if req.api_version >= mv.API_CLEANUP
                            else schemas.index_query, dict(req.GET))
        offset = int(req.GET.get('offset') or 0)
        limit = min(int(req.GET.get('limit') or self.conf.api.max_limit),
                    self.conf.api.max_limit)
        bdms = [b for b in volumes.get_attachments(inst) if b['volume_id']]
        return {'volumeAttachments': [views.attachment(req, b)
                                      for b in bdms[offset:offset + limit]]}

    def show(self, req, id, volume_id):
        inst = self._server(req, id, 'show')
        return {'volumeAttachment': views.attachment(req, self._bdm(inst, volume_id))}

    def create(self, req, id, body):
        inst = self._server(req, id, 'create')
        version = req.api_version
        validation.validate(
            schemas.create_v279 if version >= mv.ATTACH_DELETE_ON_TERMINATION else
            schemas.create_v249 if version >= mv.INTERFACE_TAG else schemas.create, body)
        params = body['volumeAttachment']
        _check_shelved(req, inst, 'attach_volume')
        bdm = self.compute_api.attach_volume(
            req.context, inst, params['volumeId'], device=params.get('device'),
            tag=params.get('tag'),
            delete_on_termination=validation.to_bool(
                params.get('delete_on_termination', False)),
            supports_multiattach=version >= mv.MULTIATTACH)
        if version >= mv.ATTACH_VOLUME_ASYNC:
            return wsgi.ResponseObject(None, status=202)
        return {'volumeAttachment': views.created(req, bdm, id)}

    @wsgi.response(202)
    def update(self, req, id, volume_id, body):
        inst = self.compute_api.get(req.context, id)
        version = req.api_version
        validation.validate(schemas.update_v285 if version >= mv.ATTACHMENT_UPDATE
                            else schemas.update, body)
        params = body['volumeAttachment']
        swap = version < mv.ATTACHMENT_UPDATE or params['volumeId'] != volume_id
        # Nova: the swap rule without a target (the block-storage service calls it)
        policy.authorize(req.context, P % ('swap' if swap else 'update'),
                         {} if swap else {'project_id': inst['project_id']})
        if version >= mv.ATTACHMENT_UPDATE:
            bdm = self._bdm(inst, volume_id)
            views.check_immutable(params, bdm, volume_id, inst['uuid'])
            if 'delete_on_termination' in params:
                self.compute_api.update_volume_attachment(
                    req.context, inst, bdm,
                    validation.to_bool(params['delete_on_termination']))
        if swap:
            old = self.compute_api.volume_api.get(req.context, volume_id)
            try:
                new = self.compute_api.volume_api.get(req.context, params['volumeId'])
            except exception_volume.VolumeNotFound as exc:
                raise exception.Invalid(exc.format_message())  # a body reference: 400
            self.compute_api.swap_volume(req.context, inst, old, new)

    @wsgi.response(202)
    def delete(self, req, id, volume_id):
        inst = self._server(req, id, 'delete')
        _check_shelved(req, inst, 'detach_volume')
        volume = self.compute_api.volume_api.get(req.context, volume_id)
        bdm = self._bdm(inst, volume_id)
        if bdm['boot_index'] == 0:
            raise exception.Invalid('Cannot detach a root device volume')
        self.compute_api.detach_volume(req.context, inst, volume, bdm)
