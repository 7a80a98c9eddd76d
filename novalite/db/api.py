"""Compute data access for instances, their faults and actions, services and compute nodes.
Only the API, conductor and scheduler call it; compute hosts go through the conductor. The
other compute resources have a module each: flavors.py, keypairs.py, quotas.py,
server_groups.py (and aggregates.py, moves.py, server_extras.py, claims.py).

Rows are returned as plain dicts (JSON-safe apart from datetimes), so they can travel over
RPC after ``jsonutils.to_primitive``.
"""
import datetime

import netaddr
import sqlalchemy as sa

from novalite import exception
from novalite import timeutils
from novalite import trace
from novalite.compute import states
from novalite.db import models
from novalite.db import rows as db_rows
from novalite.db import session as db

_UNSET = object()


_row_dict = db_rows.row_dict


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


def instances_unscheduled(created_before):
    """uuids of live instances still waiting to be scheduled (building, task_state
    scheduling, no host) that were created before ``created_before``."""
    inst = models.Instance
    q = sa.select(inst.uuid).where(inst.deleted.is_(False), inst.vm_state == 'building',
                                   inst.task_state == 'scheduling', inst.host.is_(None),
                                   inst.created_at < created_before)
    with db.get_engine().connect() as conn:
        return [row[0] for row in conn.execute(q)]


def instance_get_all(project_id=None, deleted=False, changes_since=None, host=None,
                     uuids=None, image_ref=None, flavor_id=None, reservation_id=None,
                     sort_keys=('created_at', 'id'), sort_dirs=('desc', 'desc')):
    """Instances matching the SQL-expressible filters, sorted (a Core read on a
    connection: through an ORM session every row would go through the ORM's loading)."""
    col = _INSTANCES.c
    q = sa.select(*_INSTANCE_COLUMNS)
    if project_id is not None:
        q = q.where(col.project_id == project_id)
    if changes_since is not None:
        q = q.where(col.updated_at >= changes_since)
    elif deleted is not None:
        q = q.where(col.deleted.is_(bool(deleted)))
    if host is not None:
        q = q.where(col.host == host)
    if uuids is not None:
        q = q.where(col.uuid.in_(list(uuids)))
    if image_ref is not None:
        q = q.where(col.image_ref == image_ref)
    if flavor_id is not None:
        q = q.where(col.flavor_id == flavor_id)
    if reservation_id is not None:
        q = q.where(col.reservation_id == reservation_id)
    order = []
    for key, direction in zip(sort_keys, sort_dirs):
        column = col[_INSTANCE_COLUMN_NAMES[key]]
        order.append(column.desc() if direction == 'desc' else column.asc())
    with db.get_engine().connect() as conn:
        return [dict(r) for r in conn.execute(q.order_by(*order)).mappings()]


_INSTANCES = models.Instance.__table__
_INSTANCE_COLUMN_NAMES = {prop.key: prop.columns[0].name
                          for prop in sa.inspect(models.Instance).column_attrs}


def instance_update(uuid, updates, expected_task_state=_UNSET, expected_vm_state=_UNSET,
                    event_start=None, event_finish=None):
    """Update one live instance; with expectations the update is a compare-and-swap (one
    conditional UPDATE, so it holds on every database and isolation level).

    Raises InstanceNotFound when it is gone and UnexpectedStateError (409) when the
    expectation does not hold, so a delete racing a build is detected, not overwritten.

    ``event_start`` (context, event, host) / ``event_finish`` (context, event, result):
    the instance action event recorded in the same transaction (one RPC and one commit
    where a build step would take two): a start before the update whatever its outcome,
    a finish only when the update applied.
    """
    values = {_INSTANCE_COLUMN_NAMES[k]: _coerce(k, v) for k, v in updates.items()}
    values['updated_at'] = models.utcnow()
    params = {'b_uuid': uuid}
    params.update(('v_' + name, value) for name, value in values.items())
    shape = [tuple(sorted(values))]
    for attr, expected in (('task_state', expected_task_state),
                           ('vm_state', expected_vm_state)):
        if expected is _UNSET:
            shape.append(None)
            continue
        allowed = _as_list(expected)
        params['x_' + attr] = [a for a in allowed if a is not None]
        shape.append(None in allowed)
    stmt = _UPDATES.get(tuple(shape))
    if stmt is None:
        stmt = _UPDATES[tuple(shape)] = _update_statement(*shape)
    get = _INSTANCE_GET[(False, False)]
    with db.get_engine().begin() as conn:
        if event_start is not None:
            _event_start(conn, event_start[0], uuid, event_start[1], event_start[2],
                         values['updated_at'])
        updated = conn.execute(stmt, params).rowcount
        if updated == 1 and event_finish is not None:
            _event_finish(conn, event_finish[0], uuid, event_finish[1], event_finish[2],
                          None, values['updated_at'])
        row = conn.execute(get, {'uuid': uuid}).mappings().first()
    if row is None:
        raise exception.InstanceNotFound(instance_id=uuid)
    if updated != 1:
        _expect(row, 'task_state', expected_task_state)
        _expect(row, 'vm_state', expected_vm_state)
    trace.states(uuid, updates)
    return dict(row)


# instance_update's statements, one per shape (columns set, expectations): built and
# compiled once, executed with bound values (building an UPDATE costs more than running it)
_UPDATES = {}


def _update_statement(columns, task_state_none, vm_state_none):
    """UPDATE of ``columns`` (bound as v_<column>) of the live instance b_uuid; with an
    expectation (``*_none``: True/False, whether NULL is allowed; None: no expectation)
    only when the column is IN the x_<column> list."""
    col = _INSTANCES.c
    stmt = sa.update(_INSTANCES).where(col.uuid == sa.bindparam('b_uuid'),
                                       col.deleted.is_(False))
    for attr, allow_none in (('task_state', task_state_none), ('vm_state', vm_state_none)):
        if allow_none is None:
            continue
        cond = col[attr].in_(sa.bindparam('x_' + attr, expanding=True))
        if allow_none:
            cond = sa.or_(cond, col[attr].is_(None))
        stmt = stmt.where(cond)
    return stmt.values({col[name]: sa.bindparam('v_' + name, type_=col[name].type)
                        for name in columns})


def _as_list(expected):
    return list(expected) if isinstance(expected, (list, tuple, set)) else [expected]


_DATETIME_COLUMNS = {c.name for c in models.Instance.__table__.columns
                     if isinstance(c.type, sa.DateTime)}


def _coerce(key, value):
    """Datetimes arrive over RPC as ISO strings; access IPs are kept in netaddr's
    canonical form, as Nova's IPV4/IPV6AddressField keeps them ('::babe:dc0c:1602')."""
    if key in _DATETIME_COLUMNS and isinstance(value, str):
        return timeutils.parse_isotime(value)
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
_TOUCH_ACTION_ERROR = (sa.update(_ACTIONS).where(_ACTIONS.c.id == sa.bindparam('action_id'))
                       .values(updated_at=sa.bindparam('now'), message='Error'))
_EVENT_INSERT = _EVENTS.insert().values(
    action_id=sa.bindparam('action_id'), event=sa.bindparam('event'),
    host=sa.bindparam('host'), start_time=sa.bindparam('start_time'))
_EVENT_INSERT_FINISHED = _EVENTS.insert().values(
    action_id=sa.bindparam('action_id'), event=sa.bindparam('event'),
    start_time=sa.bindparam('start_time'), finish_time=sa.bindparam('finish_time'),
    result=sa.bindparam('result'), traceback=sa.bindparam('traceback'))
_EVENT_FINISH = (_EVENTS.update().where(_EVENTS.c.id == sa.bindparam('b_id'))
                 .values(finish_time=sa.bindparam('b_finish'), result=sa.bindparam('b_result'),
                         traceback=sa.bindparam('b_traceback')))


def action_event_start(context, uuid, event, host=None):
    with db.get_engine().begin() as conn:
        _event_start(conn, context, uuid, event, host, models.utcnow())


def _event_start(conn, context, uuid, event, host, now):
    action_id = conn.execute(_ACTION_ID, {'uuid': uuid,
                                          'request_id': context.request_id}).scalar()
    if action_id is None:
        return
    conn.execute(_EVENT_INSERT, {'action_id': action_id, 'event': event, 'host': host,
                                 'start_time': now})
    conn.execute(_TOUCH_ACTION, {'action_id': action_id, 'now': now})


def action_event_finish(context, uuid, event, result='Success', traceback=None):
    with db.get_engine().begin() as conn:
        _event_finish(conn, context, uuid, event, result, traceback, models.utcnow())


def _event_finish(conn, context, uuid, event, result, traceback, now):
    action_id = conn.execute(_ACTION_ID, {'uuid': uuid,
                                          'request_id': context.request_id}).scalar()
    if action_id is None:
        return
    event_id = conn.execute(_EVENT_ID, {'action_id': action_id, 'event': event}).scalar()
    if event_id is None:
        conn.execute(_EVENT_INSERT_FINISHED, {
            'action_id': action_id, 'event': event, 'start_time': now, 'finish_time': now,
            'result': result, 'traceback': traceback})
    else:
        conn.execute(_EVENT_FINISH, {'b_id': event_id, 'b_finish': now, 'b_result': result,
                                     'b_traceback': traceback})
    if result == 'Error':
        conn.execute(_TOUCH_ACTION_ERROR, {'action_id': action_id, 'now': now})
    else:
        conn.execute(_TOUCH_ACTION, {'action_id': action_id, 'now': now})


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


def service_get_all(binary=None, prefix='nova-'):
    """Service rows (of ``binary``); the compute side's by default: the block-storage
    services (``cinder-*``) share the table, ``prefix=None`` lists every one."""
    with db.transaction() as session:
        q = sa.select(models.Service)
        if binary:
            q = q.where(models.Service.binary == binary)
        elif prefix:
            q = q.where(models.Service.binary.startswith(prefix))
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


_NODES = models.ComputeNode.__table__
# The scheduler reads every live node on every request: one prebuilt Core statement.
_LIVE_NODES = (sa.select(*_core_columns(models.ComputeNode))
               .where(_NODES.c.deleted.is_(False)).order_by(_NODES.c.id))


def compute_nodes_get_all():
    """The live compute nodes as dicts, read with Core (the scheduler reads them on every
    request)."""
    with db.get_engine().connect() as conn:
        return [dict(r) for r in conn.execute(_LIVE_NODES).mappings()]


_SERVICES = models.Service.__table__


def _host_fingerprint_statement():
    from novalite.db import aggregates as agg_db  # noqa: F401  (tables registered)
    svc = _SERVICES.c
    compute = svc.binary == 'nova-compute'
    agg, hosts, meta = (models.Aggregate.__table__, models.AggregateHost.__table__,
                        models.AggregateMetadata.__table__)

    def scalar(*cols, table, where=None):
        q = sa.select(*cols).select_from(table)
        return (q.where(where) if where is not None else q).scalar_subquery()
    return sa.select(
        scalar(sa.func.count(), table=_SERVICES, where=compute),
        scalar(sa.func.max(svc.id), table=_SERVICES, where=compute),
        scalar(sa.func.max(svc.updated_at), table=_SERVICES, where=compute),
        scalar(sa.func.max(svc.last_seen_up), table=_SERVICES, where=compute),
        scalar(sa.func.sum(sa.cast(svc.disabled, sa.Integer)), table=_SERVICES,
               where=compute),
        scalar(sa.func.sum(sa.cast(svc.forced_down, sa.Integer)), table=_SERVICES,
               where=compute),
        scalar(sa.func.count(), table=agg), scalar(sa.func.max(agg.c.id), table=agg),
        scalar(sa.func.max(agg.c.updated_at), table=agg),
        scalar(sa.func.count(), table=hosts), scalar(sa.func.max(hosts.c.id), table=hosts),
        scalar(sa.func.count(), table=meta), scalar(sa.func.max(meta.c.id), table=meta))


_HOST_FINGERPRINT = None


def host_fingerprint():
    """A tuple that changes whenever the compute services or the host aggregates change
    (a row added, removed or updated: ids, counts, the latest update and heartbeat, the
    disabled and forced-down counts), in one statement: what lets the scheduler keep the
    services and aggregates it read until they change, in any process."""
    global _HOST_FINGERPRINT
    if _HOST_FINGERPRINT is None:
        _HOST_FINGERPRINT = _host_fingerprint_statement()
    with db.get_engine().connect() as conn:
        return tuple(conn.execute(_HOST_FINGERPRINT).one())


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


def allocation_instances_by_node():
    """{compute_node_id: {instance uuids claimed on it}}."""
    a = models.Allocation
    out = {}
    with db.transaction() as session:
        for node_id, uuid in session.execute(sa.select(a.compute_node_id, a.instance_uuid)):
            out.setdefault(node_id, set()).add(uuid)
    return out
