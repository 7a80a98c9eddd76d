"""The snapshot flow of the block-storage service (Cinder's volume.api snapshot part).

create: the volume must be available (or in-use with ``force``, or from 3.66), not in
error or maintenance; the snapshot row is inserted in the quota-locked transaction that
checked snapshots and gigabytes (novalite/volume/quota.py), then the volume manager is
cast ``create_snapshot`` (creating -> available, or error). delete: a conditional update
available/error -> deleting (any status with force), then the manager is cast
``delete_snapshot`` (the row goes, or error_deleting).
"""
import uuid

from novalite import exception
from novalite import exception_volume as errors
from novalite import policy
from novalite.db import volume_snapshots as db
from novalite.db import volume_types
from novalite.db import volumes
from novalite.policies import volume_extras as P
from novalite.volume import quota
from novalite.volume import rpcapi

VALID_UPDATE_STATUS = {'creating': ('creating', 'available', 'error'),
                       'deleting': ('deleting', 'error_deleting')}


class SnapshotAPI:

    def __init__(self, conf):
        self.conf = conf
        self.rpcapi = rpcapi.VolumeAPI()

    @staticmethod
    def get_volume(ctx, volume_id):
        """The volume a snapshot is made of: 404 when it is not the project's."""
        return volumes.volume_get(volume_id, None if ctx.is_admin else ctx.project_id)

    # ------------------------------------------------------------------ create
    def create(self, ctx, volume_id, name, description, metadata, force=False,
               allow_in_use=False):
        volume = self.get_volume(ctx, volume_id)
        policy.authorize(ctx, P.SNAPSHOT_CREATE, {'project_id': volume['project_id']})
        valid = ('available', 'in-use') if force or allow_in_use else ('available',)
        self._check_volume(volume, valid)
        type_name = None
        if volume.get('volume_type_id'):
            try:
                type_name = volume_types.get(volume['volume_type_id'])['name']
            except errors.VolumeTypeNotFound:
                type_name = None
        values = {'id': str(uuid.uuid4()), 'volume_id': volume['id'], 'project_id': ctx.project_id,
                  'user_id': ctx.user_id, 'volume_size': volume['size'],
                  'display_name': name, 'display_description': description,
                  'volume_type_id': volume.get('volume_type_id')}
        with quota.snapshot_create_transaction(ctx.project_id, volume['size'],
                                               type_name) as session:
            current = self.get_volume(ctx, volume_id)
            self._check_volume(current, valid)
            snap = db.create(session, values, metadata)
        self.rpcapi.create_snapshot(ctx, snap['id'], volume['id'])
        return snap

    @staticmethod
    def _check_volume(volume, valid):
        status = volume['status']
        if status == 'maintenance':
            raise errors.InvalidVolume(reason='The snapshot cannot be created when the volume is '
                                              'in maintenance mode.')
        if status == 'error':
            raise errors.InvalidVolume(reason='The snapshot cannot be created when the volume is '
                                              'in error status.')
        if volume.get('migration_status') not in (None, '', 'success', 'error'):
            raise errors.InvalidVolume(reason='Snapshot cannot be created while volume is '
                                              'migrating.')
        if status not in valid:
            raise errors.InvalidVolume(reason='Volume %s status must be %s, but current status is: '
                                              '%s.' % (volume['id'], ', '.join(valid), status))

    # ------------------------------------------------------------------ delete
    def delete(self, ctx, snap, force=False):
        expected = None if force else (db.AVAILABLE, db.ERROR)
        if not db.status_update(snap['id'], {'status': db.DELETING}, expected):
            raise errors.InvalidSnapshot(reason='Snapshot status must be available or error and '
                                                'must not be part of a group.')
        self.rpcapi.delete_snapshot(ctx, snap['id'])

    # ------------------------------------------------------------------ status
    def reset_status(self, ctx, snap, status):
        status = status.lower()
        if status not in db.STATUSES:
            raise exception.InvalidInput(reason='Snapshot status: %s is invalid, valid '
                                                'statuses are: %s.'
                                                % (status, ', '.join(db.STATUSES)))
        db.status_update(snap['id'], {'status': status})

    def update_status(self, ctx, snap, status, progress=None):
        current = snap['status']
        if current not in VALID_UPDATE_STATUS:
            raise exception.Invalid('Snapshot status %s not allowed for '
                                    'update_snapshot_status' % current)
        if status not in VALID_UPDATE_STATUS[current]:
            raise exception.Invalid('Provided snapshot status %s not allowed for snapshot '
                                    'with status %s.' % (status, current))
        values = {'status': status}
        if progress:
            values['progress'] = progress
        if not db.status_update(snap['id'], values, (current,)):
            raise errors.InvalidSnapshot(reason='status changed concurrently')
