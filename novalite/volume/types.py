"""What volume create needs from volume types and quotas: the type a request names (or the
project's default), and the quota reservation that must hold while the row is written."""
import contextlib

from novalite.volume import errors


def _types_db():
    try:
        from novalite.db import volume_types
    except ImportError:
        return None
    return volume_types


def resolve(context, name_or_id):
    """The volume type (a dict with id, name, extra_specs) named by ``name_or_id``, else
    the project's default type; None when the deployment has no types."""
    db = _types_db()
    if db is None:
        if name_or_id:
            raise errors.VolumeTypeNotFoundByName(volume_type_name=name_or_id)
        return None
    project = None if context.is_admin else context.project_id
    if name_or_id:
        return db.get_by_name_or_id(name_or_id, project)
    return db.default_type(context.project_id)


@contextlib.contextmanager
def reserve(context, vtype, size):
    """Quota for one more volume of ``size`` GiB (and of its type): consumed for what runs
    inside, released if that fails."""
    try:
        from novalite.volume import quota
    except ImportError:
        yield None
        return
    with quota.reserve(context, vtype, size) as session:
        yield session  # the row is inserted in it, under the project's quota lock
