"""The deprecated os-volumes and os-snapshots proxies (Nova's volumes controller): the
block-storage service's volumes and snapshots in Nova's old shapes, with the caller's token;
404 from 2.36 as in Nova."""
import copy

from novalite import exception
from novalite import exception_volume
from novalite import policy
from novalite.api import validation as v
from novalite.api import wsgi
from novalite.api.compute import proxy_common as proxy
from novalite.volume import cinder

P = 'os_compute_api:os-volumes:%s'

_text = {'type': ['string', 'null'], 'maxLength': 255}
volume_create = {
    'type': 'object',
    'properties': {'volume': {
        'type': 'object',
        'properties': {'volume_type': {'type': 'string'}, 'metadata': v.metadata,
                       'snapshot_id': {'type': 'string'}, 'size': v.positive_integer,
                       'availability_zone': {'type': 'string'},
                       'display_name': _text, 'display_description': _text},
        'required': ['size'],
        'additionalProperties': False}},
    'required': ['volume'],
    'additionalProperties': False,
}
snapshot_create = {
    'type': 'object',
    'properties': {'snapshot': {
        'type': 'object',
        'properties': {'volume_id': {'type': 'string'}, 'force': v.boolean,
                       'display_name': _text, 'display_description': _text},
        'required': ['volume_id'],
        'additionalProperties': False}},
    'required': ['snapshot'],
    'additionalProperties': False,
}


def volume_view(volume):
    """Nova's _translate_volume_summary_view of a Cinder v3 volume."""
    attachments = [{'id': volume['id'], 'volumeId': volume['id'],
                    'serverId': a.get('server_id'), 'device': a.get('device')}
                   for a in volume.get('attachments') or []][:1]
    return {'id': volume['id'], 'status': volume['status'], 'size': volume['size'],
            'availabilityZone': volume.get('availability_zone'),
            'createdAt': volume.get('created_at'), 'attachments': attachments or [{}],
            'displayName': volume.get('name'),
            'displayDescription': volume.get('description'),
            'volumeType': volume.get('volume_type'),
            'snapshotId': volume.get('snapshot_id'),
            'metadata': dict(volume.get('metadata') or {})}


def snapshot_view(snapshot):
    """Nova's _translate_snapshot_summary_view."""
    return {'id': snapshot['id'], 'volumeId': snapshot.get('volume_id'),
            'status': snapshot['status'], 'size': snapshot.get('size'),
            'createdAt': snapshot.get('created_at'), 'displayName': snapshot.get('name'),
            'displayDescription': snapshot.get('description')}


def _limited(req, items):
    offset = int(req.GET.get('offset') or 0) if str(req.GET.get('offset') or '0').isdigit() \
        else None
    limit = req.GET.get('limit')
    if offset is None or (limit is not None and not str(limit).isdigit()):
        raise exception.Invalid('limit and offset must be non-negative integers')
    items = items[offset:]
    return items[:int(limit)] if limit not in (None, '') and int(limit) else items


class _Base:

    def __init__(self, conf):
        self.conf = conf
        self._api = None

    @property
    def api(self):
        if self._api is None:
            self._api = cinder.VolumeAPI(self.conf, proxy._auth(self.conf))
        return self._api

    @staticmethod
    def _authorize(req, rule):
        proxy.check_version(req)
        policy.authorize(req.context, P % rule, {'project_id': req.context.project_id})


class VolumesController(_Base):

    def index(self, req):
        self._authorize(req, 'list')
        return {'volumes': [volume_view(x) for x in _limited(req, self.api.get_all(
            req.context))]}

    def detail(self, req):
        self._authorize(req, 'detail')
        return {'volumes': [volume_view(x) for x in _limited(req, self.api.get_all(
            req.context))]}

    def show(self, req, id):
        self._authorize(req, 'show')
        return {'volume': volume_view(self.api.get(req.context, id))}

    def create(self, req, body):
        self._authorize(req, 'create')
        v.validate(volume_create, body)
        params = body['volume']
        snapshot_id = params.get('snapshot_id')
        if snapshot_id:
            self.api.get_snapshot(req.context, snapshot_id)  # 404 as Nova
        volume = self.api.create(
            req.context, int(params['size']), params.get('display_name'),
            params.get('display_description'), snapshot_id=snapshot_id,
            volume_type=params.get('volume_type'),
            availability_zone=params.get('availability_zone'),
            metadata=params.get('metadata'))
        return {'volume': volume_view(dict(volume, attachments=[]))}

    @wsgi.response(202)
    def delete(self, req, id):
        self._authorize(req, 'delete')
        self.api.get(req.context, id)
        self.api.delete(req.context, id)


class SnapshotsController(_Base):

    def index(self, req):
        self._authorize(req, 'snapshots:list')
        return {'snapshots': [snapshot_view(s) for s in _limited(
            req, self.api.get_all_snapshots(req.context))]}

    def detail(self, req):
        self._authorize(req, 'snapshots:detail')
        return {'snapshots': [snapshot_view(s) for s in _limited(
            req, self.api.get_all_snapshots(req.context))]}

    def show(self, req, id):
        self._authorize(req, 'snapshots:show')
        return {'snapshot': snapshot_view(self.api.get_snapshot(req.context, id))}

    def create(self, req, body):
        self._authorize(req, 'snapshots:create')
        v.validate(snapshot_create, body)
        params = copy.deepcopy(body['snapshot'])
        force = v.to_bool(params.get('force', False))
        volume = self.api.get(req.context, params['volume_id'])
        if volume['status'] != 'available' and not force:
            # what Cinder answers Nova's snapshot create (force false, before 3.66)
            raise exception_volume.InvalidVolume(reason='Volume %s status must be available, but '
                                                 'current status is: %s.'
                                                 % (volume['id'], volume['status']))
        snapshot = self.api.create_snapshot(
            req.context, volume['id'], params.get('display_name'),
            params.get('display_description'), force)
        return {'snapshot': snapshot_view(snapshot)}

    @wsgi.response(202)
    def delete(self, req, id):
        self._authorize(req, 'snapshots:delete')
        self.api.get_snapshot(req.context, id)
        self.api.delete_snapshot(req.context, id)
