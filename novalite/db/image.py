"""Data access for the image service (Glance v2): image rows and the files they describe.

Rows are handed out as plain dicts. Image data lives in ``<state_dir>/images/<id>``; files are
written and removed outside any transaction, and status changes that guard an upload are
compare-and-swap updates (``set_status``), so two uploads of one image cannot both win.
"""
import hashlib
import os
import struct
import uuid

import sqlalchemy as sa

from novalite import exception
from novalite import qcow2
from novalite.db import models
from novalite.db import session as db

COLUMNS = ('id', 'name', 'status', 'visibility', 'owner', 'container_format', 'disk_format',
           'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'min_disk',
           'min_ram', 'protected', 'os_hidden', 'created_at', 'updated_at')
HASH_ALGO = 'sha512'
CHUNK_SIZE = 64 * 1024


def _to_dict(row, member_status=None):
    image = {name: getattr(row, name) for name in COLUMNS}
    image['properties'] = dict(row.properties or {})
    image['tags'] = list(row.tags or [])
    image['member_status'] = member_status
    return image


# --------------------------------------------------------------------------- rows

def get_image(image_id, project_id=None):
    """The image (not deleted) or None; ``member_status`` is ``project_id``'s membership."""
    with db.transaction() as s:
        row = s.get(models.Image, image_id)
        if row is None or row.deleted:
            return None
        member = None
        if project_id:
            m = s.get(models.ImageMember, (image_id, project_id))
            member = m.status if m is not None else None
        return _to_dict(row, member)


def list_images(project_id, is_admin, visibility=None, member_status='accepted', **filters):
    """Images the caller may list, as Glance's registry selects them.

    ``filters`` are exact matches on columns (a list value means "any of"); everything else
    (custom properties, ranges, sorting, paging) is left to the caller.
    """
    img = models.Image
    query = sa.select(img).where(img.deleted.is_(False))
    memberships = sa.select(models.ImageMember.image_id).where(
        models.ImageMember.member == (project_id or ''))
    if member_status != 'all':
        memberships = memberships.where(models.ImageMember.status == member_status)
    if visibility not in (None, 'all'):
        query = query.where(img.visibility == visibility)
    if not is_admin:
        if visibility in ('private', 'shared', None):
            query = query.where(sa.or_(img.owner == project_id, img.visibility == 'public',
                                       sa.and_(img.visibility == 'shared',
                                               img.id.in_(memberships))))
        elif visibility == 'all':
            query = query.where(sa.or_(img.owner == project_id,
                                       img.visibility.in_(('public', 'community')),
                                       sa.and_(img.visibility == 'shared',
                                               img.id.in_(memberships))))
    elif visibility is None:
        query = query.where(sa.or_(img.owner == project_id, img.visibility != 'community'))
    for name, value in filters.items():
        column = getattr(img, name)
        query = query.where(column.in_(value) if isinstance(value, list) else column == value)
    with db.transaction() as s:
        return [_to_dict(row) for row in s.scalars(query)]


def create_image(values):
    """Insert an image; 409 if the id was ever used (Glance keeps deleted rows)."""
    now = models.utcnow()
    values = dict(values)
    values.setdefault('id', str(uuid.uuid4()))
    values.update(created_at=now, updated_at=now)
    try:
        with db.transaction() as s:
            old = s.get(models.Image, values['id'])
            if old is not None:
                if old.deleted:
                    raise exception.Conflict('Image with identifier %s has been deleted.'
                                             % values['id'])
                raise exception.Conflict('Image with identifier %s already exists!'
                                         % values['id'])
            row = models.Image(**values)
            s.add(row)
            s.flush()
            return _to_dict(row)
    except sa.exc.IntegrityError:
        raise exception.Conflict('Image with identifier %s already exists!' % values['id'])


def update_image(image_id, mutate):
    """Read-modify-write in one short transaction.

    ``mutate(image_dict)`` returns the column values to set (it may raise to abort); it must
    not do I/O. Returns the updated image, or None if it does not exist.
    """
    with db.transaction() as s:
        row = s.get(models.Image, image_id)
        if row is None or row.deleted:
            return None
        changes = mutate(_to_dict(row))
        if changes:
            for name, value in changes.items():
                setattr(row, name, value)
            row.updated_at = models.utcnow()
            s.flush()
        return _to_dict(row)


def set_status(image_id, from_status, to_status, **values):
    """Compare-and-swap the status; True if this caller made the transition."""
    values.update(status=to_status, updated_at=models.utcnow())
    stmt = (sa.update(models.Image)
            .where(models.Image.id == image_id, models.Image.deleted.is_(False),
                   models.Image.status.in_(_as_list(from_status)))
            .values(**values))
    with db.transaction() as s:
        return s.execute(stmt).rowcount == 1


def delete_image(image_id):
    """Soft-delete an unprotected image; True if it was deleted by this call."""
    stmt = (sa.update(models.Image)
            .where(models.Image.id == image_id, models.Image.deleted.is_(False),
                   models.Image.protected.is_(False))
            .values(deleted=True, status='deleted', updated_at=models.utcnow()))
    with db.transaction() as s:
        return s.execute(stmt).rowcount == 1


# --------------------------------------------------------------------------- members

MEMBER_STATUSES = ('pending', 'accepted', 'rejected')


def _member_dict(row):
    return {'image_id': row.image_id, 'member_id': row.member, 'status': row.status,
            'created_at': row.created_at, 'updated_at': row.updated_at or row.created_at}


def list_members(image_id, viewer=None):
    """The image's memberships, oldest first; with ``viewer`` (a project that is neither
    admin nor owner) only that project's own, as Glance's registry filters them."""
    query = sa.select(models.ImageMember).where(models.ImageMember.image_id == image_id)
    if viewer is not None:
        query = query.where(models.ImageMember.member == viewer)
    query = query.order_by(models.ImageMember.created_at, models.ImageMember.member)
    with db.transaction() as s:
        return [_member_dict(row) for row in s.scalars(query)]


def get_member(image_id, member_id):
    with db.transaction() as s:
        row = s.get(models.ImageMember, (image_id, member_id))
        return _member_dict(row) if row is not None else None


def add_member(image_id, member_id, quota):
    """A new ``pending`` membership, counted and inserted in one transaction. Raises
    ``RequestEntityTooLarge`` past ``quota`` (negative: unlimited) and ``Conflict`` when
    the membership exists already."""
    try:
        with db.transaction() as s:
            count = s.scalar(sa.select(sa.func.count()).select_from(models.ImageMember)
                             .where(models.ImageMember.image_id == image_id))
            if 0 <= quota < count + 1:
                raise exception.RequestEntityTooLarge(
                    'The limit has been exceeded on the number of allowed image members '
                    'for this image. Attempted: %d, Maximum: %d' % (count + 1, quota))
            if s.get(models.ImageMember, (image_id, member_id)) is not None:
                raise exception.Conflict('duplicate member')
            now = models.utcnow()
            row = models.ImageMember(image_id=image_id, member=member_id, status='pending',
                                     created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            return _member_dict(row)
    except sa.exc.IntegrityError:
        raise exception.Conflict('duplicate member')


def set_member_status(image_id, member_id, status):
    """The membership with its new status, or None if there is no such membership."""
    with db.transaction() as s:
        row = s.get(models.ImageMember, (image_id, member_id))
        if row is None:
            return None
        row.status = status
        row.updated_at = models.utcnow()
        s.flush()
        return _member_dict(row)


def delete_member(image_id, member_id):
    """Remove a membership; True if this call removed it."""
    stmt = sa.delete(models.ImageMember).where(models.ImageMember.image_id == image_id,
                                               models.ImageMember.member == member_id)
    with db.transaction() as s:
        return s.execute(stmt).rowcount == 1


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


# --------------------------------------------------------------------------- files

def data_path(conf, image_id):
    return os.path.join(conf.state_dir, 'images', image_id)


def write_data(conf, image_id, chunks, max_size=None):
    """Store the chunks as the image's file; returns (size, md5, sha512, virtual_size).

    Written to a temporary name first, so a failed upload never leaves a partial file.
    """
    directory = os.path.dirname(data_path(conf, image_id))
    os.makedirs(directory, exist_ok=True)
    tmp = data_path(conf, image_id) + '.%s.part' % uuid.uuid4().hex
    md5, sha = hashlib.md5(usedforsecurity=False), hashlib.new(HASH_ALGO)
    size, head = 0, b''
    try:
        with open(tmp, 'wb') as f:
            for chunk in chunks:
                if not chunk:
                    continue
                size += len(chunk)
                if max_size is not None and size > max_size:
                    raise exception.RequestEntityTooLarge(
                        'The incoming image is too large.')
                if len(head) < 32:
                    head += chunk[:32 - len(head)]
                md5.update(chunk)
                sha.update(chunk)
                f.write(chunk)
        os.replace(tmp, data_path(conf, image_id))
    except BaseException:
        _unlink(tmp)
        raise
    return size, md5.hexdigest(), sha.hexdigest(), _virtual_size(head, size)


def _virtual_size(head, size):
    if len(head) >= 32 and head[:4] == b'QFI\xfb':
        return struct.unpack('>Q', head[24:32])[0]
    return None


def read_data(conf, image_id, chunk_size=CHUNK_SIZE):
    """An iterator over the image file (opened now, so a missing file raises at once)."""
    f = open(data_path(conf, image_id), 'rb')

    def _iter():
        with f:
            while True:
                chunk = f.read(chunk_size)
                if not chunk:
                    return
                yield chunk
    return _iter()


def delete_data(conf, image_id):
    _unlink(data_path(conf, image_id))


def _unlink(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# --------------------------------------------------------------------------- seed

CIRROS_VIRTUAL_SIZE = 112 * 1024 * 1024


def cirros_bytes():
    """A small, valid, empty qcow2 (v3, 8 KiB clusters, 112 MiB virtual) with a banner."""
    return qcow2.empty(CIRROS_VIRTUAL_SIZE,
                       b'novalite cirros stand-in image: deterministic test data\n')


def seed_cirros(conf, owner_project_id):
    """The public ``cirros`` image, created once (by name); returns its id."""
    with db.transaction() as s:
        row = s.scalars(sa.select(models.Image).where(
            models.Image.name == 'cirros', models.Image.deleted.is_(False))).first()
        if row is not None and row.status == 'active':
            return row.id
        image_id = row.id if row is not None else None
    if image_id is None:
        image_id = create_image({
            'name': 'cirros', 'owner': owner_project_id, 'visibility': 'public',
            'disk_format': 'qcow2', 'container_format': 'bare', 'min_disk': 0,
            'min_ram': 0, 'properties': {}, 'tags': [], 'status': 'queued'})['id']
    data = cirros_bytes()
    size, md5, sha, vsize = write_data(conf, image_id, [data])
    set_status(image_id, ('queued', 'saving', 'killed'), 'active', size=size, checksum=md5,
               os_hash_algo=HASH_ALGO, os_hash_value=sha, virtual_size=vsize)
    return image_id
