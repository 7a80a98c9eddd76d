"""Compute data access. Only the API, conductor and scheduler call it; compute hosts go
through the conductor.

Rows are returned as plain dicts (JSON-safe apart from datetimes), so they can travel over
RPC after ``jsonutils.to_primitive``.
"""
import contextlib
import datetime

import netaddr
import sqlalchemy as sa

from novalite import exception
from novalite import trace
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
    row = models.Instance(**{k: _coerce(k, v) for k, v in values.items()})
    session.add(row)
    session.flush()
    trace.states(row.uuid, values, created=True)
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


_INSTANCES = models.Instance.__table__
_INSTANCE_COLUMN_NAMES = {prop.key: prop.columns[0].name
                          for prop in sa.inspect(models.Instance).column_attrs}


def instance_update(uuid, updates, expected_task_state=_UNSET, expected_vm_state=_UNSET):
    """Update one live instance; with expectations the update is a compare-and-swap (one
    conditional UPDATE, so it holds on every database and isolation level).

    Raises InstanceNotFound when it is gone and UnexpectedStateError (409) when the
    expectation does not hold, so a delete racing a build is detected, not overwritten.
    """
    col = _INSTANCES.c
    values = {_INSTANCE_COLUMN_NAMES[k]: _coerce(k, v) for k, v in updates.items()}
    values['updated_at'] = models.utcnow()
    stmt = sa.update(_INSTANCES).where(col.uuid == uuid, col.deleted.is_(False))
    for attr, expected in (('task_state', expected_task_state),
                           ('vm_state', expected_vm_state)):
        if expected is not _UNSET:
            allowed = _as_list(expected)
            cond = col[attr].in_([a for a in allowed if a is not None])
            if None in allowed:
                cond = sa.or_(cond, col[attr].is_(None))
            stmt = stmt.where(cond)
    get = _INSTANCE_GET[(False, False)]
    with db.get_engine().begin() as conn:
        updated = conn.execute(stmt.values(**values)).rowcount
        row = conn.execute(get, {'uuid': uuid}).mappings().first()
    if row is None:
        raise exception.InstanceNotFound(instance_id=uuid)
    if updated != 1:
        _expect(row, 'task_state', expected_task_state)
        _expect(row, 'vm_state', expected_vm_state)
    trace.states(uuid, updates)
    return dict(row)


def _as_list(expected):
    return list(expected) if isinstance(expected, (list, tuple, set)) else [expected]


_DATETIME_COLUMNS = {c.name for c in models.Instance.__table__.columns
                     if isinstance(c.type, sa.DateTime)}


def _coerce(key, value):
    """Datetimes arrive over RPC as ISO strings; access IPs are kept in netaddr's
    canonical form, as Nova's IPV4/IPV6AddressField keeps them ('::babe:dc0c:1602')."""
    if key in _DATETIME_COLUMNS and isinstance(value, str):
        return datetime.datetime.fromisoformat(value.replace('Z', '+00:00')).replace(
            tzinfo=None)
    if key in ('access_ip_v4', 'access_ip_v6') and isinstance(value, str) and value:
        try:
            return str(netaddr.IPAddress(value))
        except (netaddr.AddrFormatError, ValueError):
            return value
    return value


UnexpectedStateError = exception.UnexpectedStateError


def _expect(row, attr, expected):
    if expected is _UNSET:
        return
    allowed = _as_list(expected)
    actual = row[attr]
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
    trace.event('fault %s' % code, 'fault', outcome='error %s %s' % (code, message)[:255],
                server_id=uuid, code=code, message=(message or '')[:255])


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


_ACTIONS = models.InstanceAction.__table__
_EVENTS = models.InstanceActionEvent.__table__
# Events are recorded several times per boot: prebuilt Core statements.
_ACTION_ID = (sa.select(_ACTIONS.c.id)
              .where(_ACTIONS.c.instance_uuid == sa.bindparam('uuid'),
                     _ACTIONS.c.request_id == sa.bindparam('request_id'))
              .order_by(_ACTIONS.c.id.desc()).limit(1))
_EVENT_ID = (sa.select(_EVENTS.c.id)
             .where(_EVENTS.c.action_id == sa.bindparam('action_id'),
                    _EVENTS.c.event == sa.bindparam('event'))
             .order_by(_EVENTS.c.id.desc()).limit(1))
_TOUCH_ACTION = (sa.update(_ACTIONS).where(_ACTIONS.c.id == sa.bindparam('action_id'))
                 .values(updated_at=sa.bindparam('now')))


def action_event_start(context, uuid, event, host=None):
    now = models.utcnow()
    with db.get_engine().begin() as conn:
        action_id = conn.execute(_ACTION_ID, {'uuid': uuid,
                                              'request_id': context.request_id}).scalar()
        if action_id is None:
            return
        conn.execute(_EVENTS.insert().values(action_id=action_id, event=event, host=host,
                                             start_time=now))
        conn.execute(_TOUCH_ACTION, {'action_id': action_id, 'now': now})


def action_event_finish(context, uuid, event, result='Success', traceback=None):
    now = models.utcnow()
    with db.get_engine().begin() as conn:
        action_id = conn.execute(_ACTION_ID, {'uuid': uuid,
                                              'request_id': context.request_id}).scalar()
        if action_id is None:
            return
        event_id = conn.execute(_EVENT_ID, {'action_id': action_id, 'event': event}).scalar()
        values = {'finish_time': now, 'result': result, 'traceback': traceback}
        if event_id is None:
            conn.execute(_EVENTS.insert().values(action_id=action_id, event=event,
                                                 start_time=now, **values))
        else:
            conn.execute(_EVENTS.update().where(_EVENTS.c.id == event_id).values(**values))
        touch = {'updated_at': now}
        if result == 'Error':
            touch['message'] = 'Error'
        conn.execute(_ACTIONS.update().where(_ACTIONS.c.id == action_id).values(**touch))


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
        row = _flavor_row(session, flavorid, context)
        return _row_dict(row)


def _flavor_row(session, flavorid, context=None):
    """The flavor row by its API id; 404 when missing or (given a context) not visible."""
    row = session.scalars(sa.select(models.Flavor)
                          .where(models.Flavor.flavorid == str(flavorid))).first()
    if row is None or not _flavor_visible(session, row, context):
        raise exception.FlavorNotFound(flavor_id=flavorid)
    return row


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


def flavor_create_checked(values):
    """Create a flavor; 409 when its flavorid or its name is taken (Nova's order)."""
    with db.transaction() as session:
        if session.scalars(sa.select(models.Flavor.id).where(
                models.Flavor.flavorid == values['flavorid'])).first() is not None:
            raise exception.Conflict('Flavor with ID %s already exists.' % values['flavorid'])
        if session.scalars(sa.select(models.Flavor.id).where(
                models.Flavor.name == values['name'])).first() is not None:
            raise exception.Conflict('Flavor with name %s already exists.' % values['name'])
    try:
        return flavor_create(values)
    except sa.exc.IntegrityError:  # a concurrent create won the race
        raise exception.Conflict('Flavor with name %s already exists.' % values['name'])


def flavor_destroy(flavorid):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        session.execute(sa.delete(models.FlavorProject)
                        .where(models.FlavorProject.flavor_id == row.id))
        session.delete(row)


def flavor_update(flavorid, values):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = models.utcnow()
        session.flush()
        return _row_dict(row)


def flavor_extra_specs_update(flavorid, specs, context=None):
    """Merge ``specs`` into the flavor's extra specs; returns them all."""
    with db.transaction() as session:
        row = _flavor_row(session, flavorid, context)
        merged = dict(row.extra_specs or {})
        merged.update(specs)
        row.extra_specs = merged
        row.updated_at = models.utcnow()
        return dict(merged)


def flavor_extra_spec_delete(flavorid, key, context=None):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid, context)
        specs = dict(row.extra_specs or {})
        if key not in specs:
            raise exception.NotFound('Flavor %s has no extra specs with key %s.'
                                     % (flavorid, key))
        del specs[key]
        row.extra_specs = specs
        row.updated_at = models.utcnow()


def flavor_access_get(flavorid):
    """Project ids with access to the flavor, in the order access was given."""
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        return list(session.scalars(sa.select(models.FlavorProject.project_id)
                                    .where(models.FlavorProject.flavor_id == row.id)
                                    .order_by(models.FlavorProject.project_id)))


def flavor_access_add(flavorid, project_id):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        if session.get(models.FlavorProject, (row.id, project_id)) is not None:
            raise exception.Conflict('Flavor access already exists for flavor %s and '
                                     'project %s combination.' % (flavorid, project_id))
        session.add(models.FlavorProject(flavor_id=row.id, project_id=project_id))


def flavor_access_remove(flavorid, project_id):
    with db.transaction() as session:
        row = _flavor_row(session, flavorid)
        access = session.get(models.FlavorProject, (row.id, project_id))
        if access is None:
            raise exception.NotFound('Flavor access not found for %s / %s combination.'
                                     % (flavorid, project_id))
        session.delete(access)

# --------------------------------------------------------------------------- keypairs

def keypair_get(user_id, name):
    with db.transaction() as session:
        row = session.scalars(sa.select(models.KeyPair)
                              .where(models.KeyPair.user_id == user_id,
                                     models.KeyPair.name == name)).first()
        if row is None:
            raise exception.KeypairNotFound(user_id=user_id, name=name)
        return _row_dict(row)


def keypair_create(values, session=None):
    """Create a key pair; 409 when the user already has one of that name. With
    ``session``, in the caller's transaction (the quota-locked create)."""
    conflict = exception.Conflict("Key pair '%s' already exists." % values['name'])
    try:
        with (contextlib.nullcontext(session) if session is not None
              else db.transaction()) as session:
            if session.scalars(sa.select(models.KeyPair.id).where(
                    models.KeyPair.user_id == values['user_id'],
                    models.KeyPair.name == values['name'])).first() is not None:
                raise conflict
            row = models.KeyPair(**values)
            session.add(row)
            session.flush()
            return _row_dict(row)
    except sa.exc.IntegrityError:
        raise conflict


def keypair_get_all(user_id, limit=None, marker=None):
    """The user's key pairs by name; ``marker`` is a name (400 when it is not there)."""
    with db.transaction() as session:
        q = (sa.select(models.KeyPair).where(models.KeyPair.user_id == user_id)
             .order_by(models.KeyPair.name.asc(), models.KeyPair.id.asc()))
        if marker is not None:
            if session.scalars(sa.select(models.KeyPair.id).where(
                    models.KeyPair.user_id == user_id,
                    models.KeyPair.name == marker)).first() is None:
                raise exception.Invalid('Marker %s could not be found.' % marker)
            q = q.where(models.KeyPair.name > marker)
        if limit is not None:
            q = q.limit(limit)
        return [_row_dict(r) for r in session.scalars(q)]


def keypair_destroy(user_id, name):
    with db.transaction() as session:
        deleted = session.execute(sa.delete(models.KeyPair).where(
            models.KeyPair.user_id == user_id, models.KeyPair.name == name)).rowcount
        if not deleted:
            raise exception.KeypairNotFound(user_id=user_id, name=name)


def keypair_count(user_id):
    with db.transaction() as session:
        return session.scalar(sa.select(sa.func.count(models.KeyPair.id))
                              .where(models.KeyPair.user_id == user_id))

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


def service_get(service_id):
    with db.transaction() as session:
        row = session.get(models.Service, service_id)
        if row is None:
            raise exception.NotFound('Service %s not found.' % service_id)
        return _row_dict(row)


def service_update_by_host_binary(host, binary, values):
    with db.transaction() as session:
        row = session.scalars(sa.select(models.Service)
                              .where(models.Service.host == host,
                                     models.Service.binary == binary)).first()
        if row is None:
            raise exception.NotFound('Could not find binary %s on host %s.' % (binary, host))
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = models.utcnow()
        session.flush()
        return _row_dict(row)


def service_destroy(service_id):
    """Delete a service row (and, for a compute service, its compute nodes).

    409 when a compute service still hosts live instances, as Nova refuses.
    """
    with db.transaction() as session:
        row = session.get(models.Service, service_id)
        if row is None:
            raise exception.NotFound('Service %s not found.' % service_id)
        if row.binary == 'nova-compute':
            hosted = session.scalar(sa.select(sa.func.count(models.Instance.id)).where(
                models.Instance.host == row.host, models.Instance.deleted.is_(False)))
            if hosted:
                raise exception.Conflict('Unable to delete compute service that is hosting '
                                         'instances. Migrate or delete the instances first.')
            session.execute(sa.update(models.ComputeNode)
                            .where(models.ComputeNode.host == row.host)
                            .values(deleted=True))
        session.delete(row)


def compute_node_get(node_id):
    with db.transaction() as session:
        row = session.get(models.ComputeNode, node_id)
        if row is None or row.deleted:
            raise exception.NotFound("Hypervisor with ID '%s' could not be found." % node_id)
        return _row_dict(row)


def allocation_usage_by_node():
    """{compute_node_id: {'vcpus', 'memory_mb', 'disk_gb', 'instances'}} from allocations."""
    a = models.Allocation
    with db.transaction() as session:
        rows = session.execute(sa.select(a.compute_node_id, sa.func.sum(a.vcpus),
                                         sa.func.sum(a.memory_mb), sa.func.sum(a.disk_gb),
                                         sa.func.count(a.instance_uuid))
                               .group_by(a.compute_node_id)).all()
        return {r[0]: {'vcpus': int(r[1] or 0), 'memory_mb': int(r[2] or 0),
                       'disk_gb': int(r[3] or 0), 'instances': int(r[4] or 0)} for r in rows}


def instance_usage_by_project(project_id):
    """(instances, cores, ram) held by the project's live instances (quota usage)."""
    i = models.Instance
    with db.transaction() as session:
        row = session.execute(sa.select(sa.func.count(i.id), sa.func.sum(i.vcpus),
                                        sa.func.sum(i.memory_mb))
                              .where(i.project_id == project_id,
                                     i.deleted.is_(False))).one()
        return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)

# --------------------------------------------------------------------------- quotas

def instance_usage_in_session(session, project_id, user_id=None):
    """(instances, cores, ram) of the project's (or one user's) live instances, read in the
    caller's transaction (the quota check of a create, under the project's quota lock)."""
    i = models.Instance
    q = sa.select(sa.func.count(i.id), sa.func.sum(i.vcpus), sa.func.sum(i.memory_mb)).where(
        i.project_id == project_id, i.deleted.is_(False))
    if user_id is not None:
        q = q.where(i.user_id == user_id)
    row = session.execute(q).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def quota_lock_project(session, project_id):
    """Serialise quota-checked creates of one project until the caller's transaction ends.

    SQLite has one writer: BEGIN IMMEDIATE takes the write lock before the count (this must
    be the first statement of the transaction). Elsewhere the project's row in
    quota_usage_locks is locked with SELECT ... FOR UPDATE (created on first use).
    """
    bind = session.get_bind()
    if bind.dialect.name == 'sqlite':
        if bind.url.database not in (None, '', ':memory:'):
            session.execute(sa.text('BEGIN IMMEDIATE'))
        return
    lock = models.QuotaUsageLock
    stmt = sa.select(lock.project_id).where(lock.project_id == project_id)
    # a plain read first: on MySQL/MariaDB a FOR UPDATE of a missing row takes a gap lock
    # that the insert below (another transaction) would wait on until lock_wait_timeout
    if session.execute(stmt).first() is None:
        try:
            with db.transaction() as other:
                other.add(lock(project_id=project_id, updated_at=models.utcnow()))
        except sa.exc.IntegrityError:
            pass  # a concurrent first create made it
    session.execute(stmt.with_for_update()).first()


def quota_get_all(project_id, user_id=None):
    """{resource: hard_limit} set for the project (user_id None) or for one of its users."""
    q = models.Quota
    with db.get_engine().connect() as conn:
        rows = conn.execute(sa.select(q.resource, q.hard_limit).where(
            q.project_id == project_id, q.user_id == (user_id or ''))).all()
    return {r[0]: r[1] for r in rows}


def quota_sum_of_users(project_id):
    """{resource: sum of the per-user limits set in the project} (unlimited ones left out)."""
    q = models.Quota
    with db.get_engine().connect() as conn:
        rows = conn.execute(sa.select(q.resource, sa.func.sum(q.hard_limit)).where(
            q.project_id == project_id, q.user_id != '', q.hard_limit >= 0)
            .group_by(q.resource)).all()
    return {r[0]: int(r[1] or 0) for r in rows}


def quota_set(project_id, values, user_id=None):
    """Create or update the project's (or a user's) limits from {resource: limit}."""
    q = models.Quota
    with db.transaction() as session:
        rows = {r.resource: r for r in session.scalars(sa.select(q).where(
            q.project_id == project_id, q.user_id == (user_id or '')))}
        for resource, limit in values.items():
            if resource in rows:
                rows[resource].hard_limit = limit
            else:
                session.add(q(project_id=project_id, user_id=user_id or '',
                              resource=resource, hard_limit=limit))


def quota_destroy_all(project_id, user_id=None):
    """Forget the limits of a project (and of all its users), or of one user in it."""
    q = models.Quota
    stmt = sa.delete(q).where(q.project_id == project_id)
    if user_id:
        stmt = stmt.where(q.user_id == user_id)
    with db.transaction() as session:
        session.execute(stmt)


def quota_class_get(class_name):
    qc = models.QuotaClass
    with db.get_engine().connect() as conn:
        rows = conn.execute(sa.select(qc.resource, qc.hard_limit)
                            .where(qc.class_name == class_name)).all()
    return {r[0]: r[1] for r in rows}


def quota_class_set(class_name, values):
    qc = models.QuotaClass
    with db.transaction() as session:
        rows = {r.resource: r for r in session.scalars(
            sa.select(qc).where(qc.class_name == class_name))}
        for resource, limit in values.items():
            if resource in rows:
                rows[resource].hard_limit = limit
            else:
                session.add(qc(class_name=class_name, resource=resource, hard_limit=limit))

# --------------------------------------------------------------------------- server groups

class InstanceGroupNotFound(exception.NotFound):
    msg_fmt = "Instance group %(group_uuid)s could not be found."


def _group_members(session, group_ids):
    """{group_id: [instance uuids]}: members whose instances are not deleted."""
    m, i = models.ServerGroupMember, models.Instance
    out = {gid: [] for gid in group_ids}
    if not group_ids:
        return out
    rows = session.execute(sa.select(m.group_id, m.instance_uuid)
                           .join(i, i.uuid == m.instance_uuid)
                           .where(m.group_id.in_(group_ids), i.deleted.is_(False))
                           .order_by(m.id)).all()
    for gid, uuid in rows:
        out[gid].append(uuid)
    return out


def _group_dicts(session, rows):
    members = _group_members(session, [r.id for r in rows])
    return [dict(_row_dict(r), members=members[r.id]) for r in rows]


def server_group_create(session, values):
    row = models.ServerGroup(**values)
    session.add(row)
    session.flush()
    return dict(_row_dict(row), members=[])


def server_group_get(uuid, project_id=None, session=None):
    """The group (with its live members); 404 when it is missing or, with ``project_id``,
    another project's."""
    if session is None:
        with db.transaction() as session:
            return server_group_get(uuid, project_id, session)
    g = models.ServerGroup
    q = sa.select(g).where(g.uuid == uuid)
    if project_id is not None:
        q = q.where(g.project_id == project_id)
    row = session.scalars(q).first()
    if row is None:
        raise InstanceGroupNotFound(group_uuid=uuid)
    return _group_dicts(session, [row])[0]


def server_group_get_all(project_id=None):
    """Groups of the project (all projects when None), oldest first."""
    g = models.ServerGroup
    with db.transaction() as session:
        q = sa.select(g).order_by(g.id)
        if project_id is not None:
            q = q.where(g.project_id == project_id)
        return _group_dicts(session, list(session.scalars(q)))


def server_group_destroy(uuid):
    g, m = models.ServerGroup, models.ServerGroupMember
    with db.transaction() as session:
        gid = session.scalar(sa.select(g.id).where(g.uuid == uuid))
        if gid is None:
            raise InstanceGroupNotFound(group_uuid=uuid)
        session.execute(sa.delete(m).where(m.group_id == gid))
        session.execute(sa.delete(g).where(g.id == gid))


def server_group_count(session, project_id, user_id=None):
    g = models.ServerGroup
    q = sa.select(sa.func.count(g.id)).where(g.project_id == project_id)
    if user_id is not None:
        q = q.where(g.user_id == user_id)
    return int(session.scalar(q) or 0)


def server_group_members_add(session, group_uuid, instance_uuids):
    """Add instances to the group in the caller's transaction; 404 if the group is gone."""
    g = models.ServerGroup
    gid = session.scalar(sa.select(g.id).where(g.uuid == group_uuid))
    if gid is None:
        raise InstanceGroupNotFound(group_uuid=group_uuid)
    for uuid in instance_uuids:
        session.add(models.ServerGroupMember(group_id=gid, instance_uuid=uuid))
    session.flush()


def server_group_hosts(group_uuid, exclude=()):
    """One host per placed live member of the group (a host repeats for each member on it):
    the instance's host, else the host of the node it is claimed on (still scheduling)."""
    g, m, i = models.ServerGroup, models.ServerGroupMember, models.Instance
    a, n = models.Allocation, models.ComputeNode
    with db.transaction() as session:
        rows = session.execute(
            sa.select(i.uuid, i.host, n.host)
            .select_from(m)
            .join(g, g.id == m.group_id)
            .join(i, i.uuid == m.instance_uuid)
            .outerjoin(a, a.instance_uuid == i.uuid)
            .outerjoin(n, n.id == a.compute_node_id)
            .where(g.uuid == group_uuid, i.deleted.is_(False))).all()
    hosts = {}
    for uuid, host, node_host in rows:
        if uuid not in exclude and (host or node_host):
            hosts[uuid] = host or node_host
    return sorted(hosts.values())


def allocation_instances_by_node():
    """{compute_node_id: {instance uuids claimed on it}}."""
    a = models.Allocation
    out = {}
    with db.transaction() as session:
        for node_id, uuid in session.execute(sa.select(a.compute_node_id, a.instance_uuid)):
            out.setdefault(node_id, set()).add(uuid)
    return out
