"""Compute data access. Only the API, conductor and scheduler call it; compute hosts go
through the conductor.

Rows are returned as plain dicts (JSON-safe apart from datetimes), so they can travel over
RPC after ``jsonutils.to_primitive``.
"""
import datetime

import sqlalchemy as sa

from novalite import exception
from novalite.compute import states
from novalite.db import models
from novalite.db import session as db

_UNSET = object()


def _row_dict(row):
    out = {}
    for prop in row.__mapper__.column_attrs:
        out[prop.key] = getattr(row, prop.key)
    return out


def _core_columns(model):
    """The model's columns labelled with their attribute names: Core reads that return the
    same dicts as _row_dict, without the ORM's per-row bookkeeping (hot read paths)."""
    return [prop.columns[0].label(prop.key) for prop in sa.inspect(model).column_attrs]


_INSTANCE_COLUMNS = _core_columns(models.Instance)


# --------------------------------------------------------------------------- instances

def instance_create(session, values):
    row = models.Instance(**values)
    session.add(row)
    session.flush()
    return _row_dict(row)


def _instance_get_statement(by_project, read_deleted):
    q = sa.select(*_INSTANCE_COLUMNS).where(models.Instance.uuid == sa.bindparam('uuid'))
    if by_project:
        q = q.where(models.Instance.project_id == sa.bindparam('project_id'))
    if not read_deleted:
        q = q.where(models.Instance.deleted.is_(False))
    return q


# Built once: GET /servers/{id} is the hottest read there is.
_INSTANCE_GET = {(p, d): _instance_get_statement(p, d) for p in (True, False)
                 for d in (True, False)}


def instance_get(uuid, project_id=None, read_deleted=False):
    stmt = _INSTANCE_GET[(project_id is not None, bool(read_deleted))]
    with db.get_engine().connect() as conn:
        row = conn.execute(stmt, {'uuid': uuid, 'project_id': project_id}).mappings().first()
    if row is None:
        raise exception.InstanceNotFound(instance_id=uuid)
    return dict(row)


def instance_get_all(project_id=None, deleted=False, changes_since=None, host=None,
                     uuids=None, image_ref=None, flavor_id=None, reservation_id=None,
                     sort_keys=('created_at', 'id'), sort_dirs=('desc', 'desc')):
    """Instances matching the SQL-expressible filters, sorted."""
    with db.transaction() as session:
        q = sa.select(*_INSTANCE_COLUMNS)
        if project_id is not None:
            q = q.where(models.Instance.project_id == project_id)
        if changes_since is not None:
            q = q.where(models.Instance.updated_at >= changes_since)
        elif deleted is not None:
            q = q.where(models.Instance.deleted.is_(bool(deleted)))
        if host is not None:
            q = q.where(models.Instance.host == host)
        if uuids is not None:
            q = q.where(models.Instance.uuid.in_(list(uuids)))
        if image_ref is not None:
            q = q.where(models.Instance.image_ref == image_ref)
        if flavor_id is not None:
            q = q.where(models.Instance.flavor_id == flavor_id)
        if reservation_id is not None:
            q = q.where(models.Instance.reservation_id == reservation_id)
        order = []
        for key, direction in zip(sort_keys, sort_dirs):
            col = getattr(models.Instance, key)
            order.append(col.desc() if direction == 'desc' else col.asc())
        return [dict(r) for r in session.execute(q.order_by(*order)).mappings()]


def instance_update(uuid, updates, expected_task_state=_UNSET, expected_vm_state=_UNSET):
    """Update one live instance; with expectations the update is a compare-and-swap.

    Raises InstanceNotFound when it is gone and UnexpectedTaskState (409) when the
    expectation does not hold, so a delete racing a build is detected, not overwritten.
    """
    with db.transaction() as session:
        q = sa.select(models.Instance).where(models.Instance.uuid == uuid,
                                             models.Instance.deleted.is_(False))
        row = session.scalars(q).first()
        if row is None:
            raise exception.InstanceNotFound(instance_id=uuid)
        _expect(row, 'task_state', expected_task_state)
        _expect(row, 'vm_state', expected_vm_state)
        for key, value in updates.items():
            setattr(row, key, _coerce(key, value))
        row.updated_at = models.utcnow()
        return _row_dict(row)


_DATETIME_COLUMNS = {c.name for c in models.Instance.__table__.columns
                     if isinstance(c.type, sa.DateTime)}


def _coerce(key, value):
    """Datetimes arrive over RPC as ISO strings."""
    if key in _DATETIME_COLUMNS and isinstance(value, str):
        return datetime.datetime.fromisoformat(value.replace('Z', '+00:00')).replace(
            tzinfo=None)
    return value


UnexpectedStateError = exception.UnexpectedStateError


def _expect(row, attr, expected):
    if expected is _UNSET:
        return
    allowed = expected if isinstance(expected, (list, tuple, set)) else [expected]
    actual = getattr(row, attr)
    if actual not in allowed:
        raise UnexpectedStateError(attr=attr, expected=list(allowed), actual=actual)


def instance_destroy(uuid, constraint_not_deleted=True):
    """Soft-delete the row (Nova keeps deleted rows); returns the final dict or None."""
    now = models.utcnow()
    with db.transaction() as session:
        row = session.scalars(sa.select(models.Instance)
                              .where(models.Instance.uuid == uuid)).first()
        if row is None or (row.deleted and constraint_not_deleted):
            return None
        row.deleted = True
        row.deleted_at = now
        row.terminated_at = row.terminated_at or now
        row.vm_state = states.DELETED
        row.task_state = None
        row.power_state = states.NOSTATE
        row.updated_at = now
        return _row_dict(row)


# --------------------------------------------------------------------------- faults

def fault_create(uuid, code, message, details=None, host=None):
    with db.transaction() as session:
        session.add(models.InstanceFault(instance_uuid=uuid, code=code,
                                         message=(message or '')[:255], details=details,
                                         host=host))


def faults_latest(uuids):
    if not uuids:
        return {}
    with db.transaction() as session:
        rows = session.scalars(sa.select(models.InstanceFault)
                               .where(models.InstanceFault.instance_uuid.in_(list(uuids)))
                               .order_by(models.InstanceFault.id.desc())).all()
        latest = {}
        for row in rows:
            latest.setdefault(row.instance_uuid, _row_dict(row))
        return latest


# --------------------------------------------------------------------------- actions

def action_start(session, context, uuid, action):
    session.add(models.InstanceAction(
        instance_uuid=uuid, action=action, request_id=context.request_id,
        user_id=context.user_id, project_id=context.project_id))


def action_finish(context, uuid, message=None):
    with db.transaction() as session:
        row = _action(session, uuid, context.request_id)
        if row is not None:
            row.finish_time = models.utcnow()
            row.message = message
            row.updated_at = row.finish_time


def _action(session, uuid, request_id):
    return session.scalars(sa.select(models.InstanceAction)
                           .where(models.InstanceAction.instance_uuid == uuid,
                                  models.InstanceAction.request_id == request_id)
                           .order_by(models.InstanceAction.id.desc())).first()


def action_event_start(context, uuid, event, host=None):
    with db.transaction() as session:
        action = _action(session, uuid, context.request_id)
        if action is None:
            return
        session.add(models.InstanceActionEvent(action_id=action.id, event=event, host=host))
        action.updated_at = models.utcnow()


def action_event_finish(context, uuid, event, result='Success', traceback=None):
    with db.transaction() as session:
        action = _action(session, uuid, context.request_id)
        if action is None:
            return
        row = session.scalars(sa.select(models.InstanceActionEvent)
                              .where(models.InstanceActionEvent.action_id == action.id,
                                     models.InstanceActionEvent.event == event)
                              .order_by(models.InstanceActionEvent.id.desc())).first()
        now = models.utcnow()
        if row is None:
            row = models.InstanceActionEvent(action_id=action.id, event=event, start_time=now)
            session.add(row)
        row.finish_time = now
        row.result = result
        row.traceback = traceback
        action.updated_at = now
        if result == 'Error':
            action.message = 'Error'


def actions_list(uuid):
    with db.transaction() as session:
        rows = session.scalars(sa.select(models.InstanceAction)
                               .where(models.InstanceAction.instance_uuid == uuid)
                               .order_by(models.InstanceAction.start_time.desc(),
                                         models.InstanceAction.id.desc())).all()
        return [_row_dict(r) for r in rows]


def action_get(uuid, request_id):
    with db.transaction() as session:
        row = _action(session, uuid, request_id)
        if row is None:
            raise exception.InstanceActionNotFound(request_id=request_id, instance_uuid=uuid)
        action = _row_dict(row)
        action['events'] = [_row_dict(e) for e in session.scalars(
            sa.select(models.InstanceActionEvent)
            .where(models.InstanceActionEvent.action_id == row.id)
            .order_by(models.InstanceActionEvent.start_time.desc(),
                      models.InstanceActionEvent.id.desc()))]
        return action


# --------------------------------------------------------------------------- flavors

def flavor_get(flavorid, context=None):
    with db.transaction() as session:
        row = session.scalars(sa.select(models.Flavor)
                              .where(models.Flavor.flavorid == str(flavorid))).first()
        if row is None or not _flavor_visible(session, row, context):
            raise exception.FlavorNotFound(flavor_id=flavorid)
        return _row_dict(row)


def _flavor_visible(session, row, context):
    if row.is_public or context is None or context.is_admin:
        return True
    return session.get(models.FlavorProject, (row.id, context.project_id)) is not None


def flavor_list(context, is_public=True, min_ram=None, min_disk=None, sort_key='flavorid',
                sort_dir='asc'):
    with db.transaction() as session:
        q = sa.select(models.Flavor).where(models.Flavor.disabled.is_(False))
        if min_ram is not None:
            q = q.where(models.Flavor.memory_mb >= min_ram)
        if min_disk is not None:
            q = q.where(models.Flavor.root_gb >= min_disk)
        col = getattr(models.Flavor, sort_key)
        q = q.order_by(col.desc() if sort_dir == 'desc' else col.asc(), models.Flavor.id)
        rows = session.scalars(q).all()
        out = []
        for row in rows:
            if context.is_admin:
                if is_public is not None and bool(row.is_public) != bool(is_public):
                    continue
            elif not _flavor_visible(session, row, context):
                continue
            out.append(_row_dict(row))
        return out


def flavor_create(values):
    with db.transaction() as session:
        row = models.Flavor(**values)
        session.add(row)
        session.flush()
        return _row_dict(row)


# --------------------------------------------------------------------------- keypairs

def keypair_get(user_id, name):
    with db.transaction() as session:
        row = session.scalars(sa.select(models.KeyPair)
                              .where(models.KeyPair.user_id == user_id,
                                     models.KeyPair.name == name)).first()
        if row is None:
            raise exception.KeypairNotFound(user_id=user_id, name=name)
        return _row_dict(row)


# --------------------------------------------------------------------------- services

def service_heartbeat(host, binary, topic, version=0):
    """Create or refresh the service row; returns it."""
    import uuid as uuidlib
    now = models.utcnow()
    with db.transaction() as session:
        row = session.scalars(sa.select(models.Service)
                              .where(models.Service.host == host,
                                     models.Service.binary == binary)).first()
        if row is None:
            row = models.Service(uuid=str(uuidlib.uuid4()), host=host, binary=binary,
                                 topic=topic, report_count=0)
            session.add(row)
        row.report_count = (row.report_count or 0) + 1
        row.last_seen_up = now
        row.updated_at = now
        row.version = version
        session.flush()
        return _row_dict(row)


def service_get_all(binary=None):
    with db.transaction() as session:
        q = sa.select(models.Service)
        if binary:
            q = q.where(models.Service.binary == binary)
        return [_row_dict(r) for r in session.scalars(q.order_by(models.Service.id))]


def service_is_up(service, down_time):
    if service.get('forced_down'):
        return False
    last = service.get('last_seen_up') or service.get('updated_at') or service.get('created_at')
    if last is None:
        return False
    return (models.utcnow() - last) <= datetime.timedelta(seconds=down_time)


def compute_node_upsert(host, nodename, resources):
    import uuid as uuidlib
    with db.transaction() as session:
        row = session.scalars(sa.select(models.ComputeNode)
                              .where(models.ComputeNode.host == host,
                                     models.ComputeNode.hypervisor_hostname == nodename)).first()
        if row is None:
            row = models.ComputeNode(uuid=str(uuidlib.uuid4()), host=host,
                                     hypervisor_hostname=nodename)
            session.add(row)
        for key, value in resources.items():
            setattr(row, key, value)
        row.deleted = False
        row.updated_at = models.utcnow()
        session.flush()
        return _row_dict(row)


def compute_nodes_get_all():
    with db.transaction() as session:
        return [_row_dict(r) for r in session.scalars(
            sa.select(models.ComputeNode).where(models.ComputeNode.deleted.is_(False))
            .order_by(models.ComputeNode.id))]
