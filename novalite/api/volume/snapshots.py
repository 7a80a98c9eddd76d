"""/snapshots: volume snapshots (list, detail, create, show, update, delete), their
metadata (/snapshots/{id}/metadata[/{key}]) and actions (os-reset_status and
os-force_delete for admins, os-update_snapshot_status). Creates and deletes go through the
snapshot flow of the block-storage service (novalite/volume/snapshots.py)."""
from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.volume import microversion as mv
from novalite.api.volume import query
from novalite.api.volume.schemas import snapshots as schemas
from novalite.api.volume.views import snapshots as views
from novalite.db import volume_snapshots as db
from novalite.policies import volume_extras as P
from novalite import exception_volume as errors
from novalite.volume import snapshots as snapshot_api

FORCE_FLAG_MSG = ("Since microversion 3.66 the 'force' flag is invalid for this request.  "
                  "For backward compatability, however, when the 'force' flag is passed "
                  "with a value evaluating to True, it is silently ignored.")


def _owner(ctx):
    """The project a requester's lookups are limited to (None for an admin)."""
    return None if ctx.is_admin else ctx.project_id


def _target(snap):
    return {'project_id': snap['project_id'], 'user_id': snap['user_id']}


def get_snapshot(ctx, snapshot_id, rule=P.SNAPSHOT_GET):
    snap = db.get(snapshot_id, _owner(ctx))
    policy.authorize(ctx, rule, _target(snap))
    return snap


class SnapshotsController:

    def __init__(self, conf):
        self.conf = conf
        self.api = snapshot_api.SnapshotAPI(conf)

    def _items(self, req, is_detail):
        ctx = req.context
        policy.authorize(ctx, P.SNAPSHOT_GET_ALL)
        params = query.params(req)
        marker, limit, offset = query.pagination(params)
        sort_keys, sort_dirs = query.sort(params)
        with_count = req.api_version >= mv.WITH_COUNT and \
            query.boolean('with_count', params.pop('with_count', False))
        all_tenants = query.boolean('all_tenants', params.pop('all_tenants', False))
        project_id = None if ctx.is_admin and all_tenants else ctx.project_id
        filters = self._filters(req, params)
        snaps = db.list_snapshots(project_id, filters, sort_keys, sort_dirs, marker, limit,
                                  offset)
        count = db.count(project_id, filters) if with_count else None
        return views.collection(req, snaps, is_detail, count)

    @staticmethod
    def _filters(req, params):
        """Cinder's snapshot filters; others are ignored (as Cinder drops them)."""
        filters = {}
        for key in ('status', 'volume_id'):
            if key in params:
                filters[key] = params[key]
        if 'name' in params:
            filters['display_name'] = params['name']
        if 'metadata' in params and req.api_version >= mv.SNAPSHOT_METADATA_FILTER:
            import ast
            try:
                metadata = ast.literal_eval(params['metadata'])
            except (ValueError, SyntaxError):
                metadata = None
            if not isinstance(metadata, dict):
                raise exception.InvalidInput(reason='Invalid metadata filter: %s'
                                                    % params['metadata'])
            filters['metadata'] = metadata
        if 'consumes_quota' in params and req.api_version >= mv.CONSUMES_QUOTA:
            filters['use_quota'] = query.boolean('consumes_quota', params['consumes_quota'])
        return filters

    def index(self, req):
        return self._items(req, is_detail=False)

    def detail(self, req):
        return self._items(req, is_detail=True)

    def show(self, req, id):
        snap = get_snapshot(req.context, id)
        return {'snapshot': views.detail(req, snap, extended=True)}

    @wsgi.response(202)
    def create(self, req, body):
        ctx = req.context
        validation.validate(schemas.create, body)
        spec = body['snapshot']
        if spec.get('volume_id') is None:  # Cinder looks the volume up: a 404
            raise errors.VolumeNotFound(volume_id=None)
        force = None
        if spec.get('force') is not None:
            force = validation.to_bool(spec['force'])
            if req.api_version >= mv.SNAPSHOT_IN_USE and force is False:
                raise exception.Invalid(FORCE_FLAG_MSG)
        name = spec.get('name', spec.get('display_name'))
        snap = self.api.create(ctx, spec['volume_id'], _strip(name),
                               _strip(spec.get('description')), spec.get('metadata') or {},
                               force=bool(force),
                               allow_in_use=req.api_version >= mv.SNAPSHOT_IN_USE)
        return {'snapshot': views.detail(req, snap)}

    def update(self, req, id, body):
        ctx = req.context
        validation.validate(schemas.update, body)
        spec = body['snapshot']
        values = {}
        for api_name, column in (('display_name', 'display_name'), ('name', 'display_name'),
                                 ('display_description', 'display_description'),
                                 ('description', 'display_description')):
            if api_name in spec:
                values[column] = _strip(spec[api_name])
        snap = get_snapshot(ctx, id, P.SNAPSHOT_UPDATE)
        snap = db.update(snap['id'], values)
        return {'snapshot': views.detail(req, snap)}

    @wsgi.response(202)
    def delete(self, req, id):
        ctx = req.context
        snap = get_snapshot(ctx, id, P.SNAPSHOT_DELETE)
        self.api.delete(ctx, snap)

    def action(self, req, id, body):
        ctx = req.context
        if not isinstance(body, dict) or len(body) != 1:
            raise exception.Invalid('Invalid request body')
        name = next(iter(body))
        if name == 'os-reset_status':
            snap = get_snapshot(ctx, id, P.SNAPSHOT_GET)
            policy.authorize(ctx, P.SNAPSHOT_RESET_STATUS, _target(snap))
            validation.validate(schemas.reset_status, body)
            self.api.reset_status(ctx, snap, body[name]['status'])
        elif name == 'os-force_delete':
            snap = get_snapshot(ctx, id, P.SNAPSHOT_GET)
            policy.authorize(ctx, P.SNAPSHOT_FORCE_DELETE, _target(snap))
            self.api.delete(ctx, snap, force=True)
        elif name == 'os-update_snapshot_status':
            validation.validate(schemas.update_snapshot_status, body)
            snap = get_snapshot(ctx, id, P.SNAPSHOT_UPDATE_STATUS)
            self.api.update_status(ctx, snap, body[name]['status'], body[name].get('progress'))
        else:
            raise exception.Invalid('There is no such action: %s' % name)
        return wsgi.ResponseObject(None, status=202)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SnapshotMetadataController:
    """/snapshots/{snapshot_id}/metadata[/{id}] (the key is ``id``)."""

    def __init__(self, conf):
        self.conf = conf

    def index(self, req, snapshot_id):
        snap = get_snapshot(req.context, snapshot_id, P.SNAPSHOT_META_GET)
        return {'metadata': snap['metadata']}

    def create(self, req, snapshot_id, body):
        validation.validate(schemas.metadata_create, body)
        snap = get_snapshot(req.context, snapshot_id, P.SNAPSHOT_META_UPDATE)
        return {'metadata': db.metadata_update(snap['id'], body['metadata'])}

    def update_all(self, req, snapshot_id, body):
        validation.validate(schemas.metadata_update_all, body)
        snap = get_snapshot(req.context, snapshot_id, P.SNAPSHOT_META_UPDATE)
        return {'metadata': db.metadata_update(snap['id'], body['metadata'], delete=True)}

    def show(self, req, snapshot_id, id):
        snap = get_snapshot(req.context, snapshot_id, P.SNAPSHOT_META_GET)
        if id not in snap['metadata']:
            raise errors.SnapshotMetadataNotFound(snapshot_id=snapshot_id, metadata_key=id)
        return {'meta': {id: snap['metadata'][id]}}

    def update(self, req, snapshot_id, id, body):
        validation.validate(schemas.metadata_update, body)
        if id not in body['meta']:
            raise exception.Invalid('Request body and URI mismatch')
        snap = get_snapshot(req.context, snapshot_id, P.SNAPSHOT_META_UPDATE)
        db.metadata_update(snap['id'], body['meta'])
        return {'meta': body['meta']}

    def delete(self, req, snapshot_id, id):
        snap = get_snapshot(req.context, snapshot_id, P.SNAPSHOT_META_DELETE)
        db.metadata_delete(snap['id'], id)
        return wsgi.ResponseObject(None, status=200)
