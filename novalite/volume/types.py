"""What volume create and extend need from volume types and quotas: the type a request
names (or the project's default, ``__DEFAULT__`` unless the project set one), and the
quota-checked transaction the volume row is written in (novalite/volume/quota.py: the
project's quota lock is held while volumes, gigabytes and the type's keys are counted)."""
import contextlib

from novalite import exception_volume as errors
from novalite.db import volume_types
from novalite.volume import quota


def resolve(context, name_or_id):
    """The volume type (a dict with id, name, extra_specs) named by ``name_or_id`` (404 when
    the caller cannot see it), else the project's default type."""
    if name_or_id:
        project = None if context.is_admin else context.project_id
        return volume_types.get_by_name_or_id(name_or_id, project)
    return volume_types.default_type(context.project_id)


def name_of(type_id):
    if not type_id:
        return None
    try:
        return volume_types.get(type_id)['name']
    except errors.VolumeTypeNotFound:
        return None


@contextlib.contextmanager
def reserve(context, vtype, size):
    """The session to insert one more volume of ``size`` GiB and type ``vtype`` in (413
    when over quota); the insert commits with the lock released."""
    with quota.volume_create_transaction(context.project_id, size, vtype) as session:
        yield session


@contextlib.contextmanager
def reserve_extend(volume, more_gigabytes):
    """The session to grow ``volume`` by ``more_gigabytes`` in (413 when over quota)."""
    with quota.resize_transaction(volume['project_id'], more_gigabytes,
                                  name_of(volume['volume_type_id'])) as session:
        yield session
