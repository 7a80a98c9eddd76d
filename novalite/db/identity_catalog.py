"""Data access for the catalog: regions, services and endpoints (Keystone's catalog SQL driver).

Rows marked ``seeded`` belong to novalite's own seed, which refreshes their URLs at every start
(:func:`ensure_service`, :func:`set_endpoint`); everything made through the API is left as it
is. Errors carry Keystone's codes and messages.
"""
import uuid

import sqlalchemy as sa

from novalite import exception_identity as errors
from novalite.db import models
from novalite.db import session as db
from novalite.db import token_cache


def new_id():
    return uuid.uuid4().hex


def _apply(row, values):
    for key, value in values.items():
        setattr(row, key, value)


# --------------------------------------------------------------------- regions

def get_region(region_id):
    if not region_id:
        return None
    with db.transaction() as s:
        return s.get(models.Region, region_id)


def list_regions(parent_region_id=None):
    query = sa.select(models.Region)
    if parent_region_id is not None:
        query = query.where(models.Region.parent_region_id == parent_region_id)
    with db.transaction() as s:
        return s.scalars(query.order_by(models.Region.id)).all()


def _check_parent(s, parent_region_id):
    if parent_region_id is not None and s.get(models.Region, parent_region_id) is None:
        raise errors.RegionNotFound(region_id=parent_region_id)


def create_region(values):
    """values: id, description, parent_region_id, extra. 409 on a taken id, 404 on an
    unknown parent (Keystone's order)."""
    conflict = errors.Conflict(type='region', details='Duplicate ID, %s.' % values['id'])
    try:
        with db.transaction() as s:
            if s.get(models.Region, values['id']) is not None:
                raise conflict
            _check_parent(s, values.get('parent_region_id'))
            row = models.Region(**values)
            s.add(row)
            s.flush()
            return row
    except sa.exc.IntegrityError:
        raise conflict


def ensure_region(region_id):
    """The region row, created if missing (endpoints given the legacy ``region``, the seed)."""
    try:
        with db.transaction() as s:
            row = s.get(models.Region, region_id)
            if row is None:
                row = models.Region(id=region_id, description='', parent_region_id=None,
                                    extra={})
                s.add(row)
            return row
    except sa.exc.IntegrityError:
        return get_region(region_id)


def _ancestors(s, region_id, limit=1000):
    seen = []
    while region_id is not None and region_id not in seen and len(seen) < limit:
        seen.append(region_id)
        row = s.get(models.Region, region_id)
        region_id = row.parent_region_id if row is not None else None
    return seen


def update_region(region_id, values):
    with db.transaction() as s:
        row = s.get(models.Region, region_id)
        if row is None:
            raise errors.RegionNotFound(region_id=region_id)
        parent = values.get('parent_region_id', row.parent_region_id)
        if 'parent_region_id' in values:
            _check_parent(s, parent)
        if parent is not None and region_id in _ancestors(s, parent):
            raise errors.CircularRegionHierarchyError(parent_region_id=parent)
        _apply(row, values)
        s.flush()
    token_cache.clear()
    return row


def _subtree(s, region_id):
    found, todo = [], [region_id]
    while todo and len(found) < 10000:
        current = todo.pop()
        for child in s.scalars(sa.select(models.Region.id).where(
                models.Region.parent_region_id == current)).all():
            if child != region_id and child not in found:
                found.append(child)
                todo.append(child)
    return found


def delete_region(region_id):
    """The region with its child regions; 403 when one of them has endpoints."""
    with db.transaction() as s:
        row = s.get(models.Region, region_id)
        if row is None:
            raise errors.RegionNotFound(region_id=region_id)
        ids = [region_id] + _subtree(s, region_id)
        if s.scalars(sa.select(models.Endpoint.id).where(
                models.Endpoint.region_id.in_(ids))).first() is not None:
            raise errors.RegionDeletionError(region_id=region_id)
        s.execute(sa.delete(models.Region).where(models.Region.id.in_(ids)))


# --------------------------------------------------------------------- services

def get_service(service_id):
    if not service_id:
        return None
    with db.transaction() as s:
        return s.get(models.CatalogService, service_id)


def list_services(type=None, name=None):
    query = sa.select(models.CatalogService)
    if type is not None:
        query = query.where(models.CatalogService.type == type)
    if name is not None:
        query = query.where(models.CatalogService.name == name)
    with db.transaction() as s:
        return s.scalars(query.order_by(models.CatalogService.type,
                                        models.CatalogService.id)).all()


def create_service(values):
    values = dict(values, id=values.get('id') or new_id(), seeded=False)
    with db.transaction() as s:
        row = models.CatalogService(**values)
        s.add(row)
        s.flush()
    token_cache.clear()
    return row


def update_service(service_id, values):
    with db.transaction() as s:
        row = s.get(models.CatalogService, service_id)
        if row is None:
            raise errors.ServiceNotFound(service_id=service_id)
        _apply(row, values)
        s.flush()
    token_cache.clear()
    return row


def delete_service(service_id):
    """The service and its endpoints."""
    with db.transaction() as s:
        row = s.get(models.CatalogService, service_id)
        if row is None:
            raise errors.ServiceNotFound(service_id=service_id)
        s.execute(sa.delete(models.Endpoint).where(models.Endpoint.service_id == service_id))
        s.delete(row)
    token_cache.clear()


# --------------------------------------------------------------------- endpoints

def get_endpoint(endpoint_id):
    if not endpoint_id:
        return None
    with db.transaction() as s:
        return s.get(models.Endpoint, endpoint_id)


def list_endpoints(interface=None, service_id=None, region_id=None):
    query = sa.select(models.Endpoint)
    if interface is not None:
        query = query.where(models.Endpoint.interface == interface)
    if service_id is not None:
        query = query.where(models.Endpoint.service_id == service_id)
    if region_id is not None:
        query = query.where(models.Endpoint.region_id == region_id)
    with db.transaction() as s:
        return s.scalars(query.order_by(models.Endpoint.service_id,
                                        models.Endpoint.interface, models.Endpoint.id)).all()


def _check_references(s, values, legacy_region):
    """Keystone's _assert_region_exists / _assert_service_exists: 400s. A region named by the
    legacy ``region`` attribute is created instead (after the checks: nothing half-made)."""
    region_id = values.get('region_id')
    missing = region_id is not None and s.get(models.Region, region_id) is None
    if missing and region_id != legacy_region:
        raise errors.ValidationError(attribute='endpoint region_id', target='region table')
    if ('service_id' in values
            and s.get(models.CatalogService, values['service_id']) is None):
        raise errors.ValidationError(attribute='endpoint service_id', target='service table')
    if missing:
        s.add(models.Region(id=region_id, description='', parent_region_id=None, extra={}))
        s.flush()


def create_endpoint(values, legacy_region=None):
    values = dict(values, id=values.get('id') or new_id(), seeded=False)
    conflict = errors.Conflict(type='endpoint',
                               details='Duplicate entry found with ID %s' % values['id'])
    try:
        with db.transaction() as s:
            if s.get(models.Endpoint, values['id']) is not None:
                raise conflict
            _check_references(s, values, legacy_region)
            row = models.Endpoint(**values)
            s.add(row)
            s.flush()
    except sa.exc.IntegrityError:
        raise conflict
    token_cache.clear()
    return row


def update_endpoint(endpoint_id, values, legacy_region=None):
    with db.transaction() as s:
        row = s.get(models.Endpoint, endpoint_id)
        if row is None:
            raise errors.EndpointNotFound(endpoint_id=endpoint_id)
        _check_references(s, values, legacy_region)
        _apply(row, values)
        s.flush()
    token_cache.clear()
    return row


def delete_endpoint(endpoint_id):
    with db.transaction() as s:
        row = s.get(models.Endpoint, endpoint_id)
        if row is None:
            raise errors.EndpointNotFound(endpoint_id=endpoint_id)
        s.delete(row)
    token_cache.clear()


# --------------------------------------------------------------------- the seed's own rows

def ensure_service(type, name, description=None):
    """novalite's own service of this type (seeded), created if missing."""
    with db.transaction() as s:
        row = s.scalars(sa.select(models.CatalogService).where(
            models.CatalogService.type == type, models.CatalogService.seeded.is_(True))
            .order_by(models.CatalogService.id)).first()
        if row is None:
            row = models.CatalogService(id=new_id(), type=type, name=name, seeded=True,
                                        description=description, enabled=True)
            s.add(row)
        return row


def set_endpoint(service_id, interface, region_id, url):
    """The seeded endpoint of a seeded service and interface: created, or its URL and region
    rewritten. Endpoints made through the API are not touched."""
    if region_id:
        ensure_region(region_id)
    with db.transaction() as s:
        row = s.scalars(sa.select(models.Endpoint).where(
            models.Endpoint.service_id == service_id,
            models.Endpoint.interface == interface,
            models.Endpoint.seeded.is_(True)).order_by(models.Endpoint.id)).first()
        if row is None:
            row = models.Endpoint(id=new_id(), service_id=service_id, interface=interface,
                                  enabled=True, seeded=True)
            s.add(row)
        row.region_id = region_id
        row.url = url
        return row


def catalog(session, region=None, project_id=None, user_id=None):
    """The v3 service catalog from the catalog tables, endpoint URLs formatted as Keystone
    does: ``$(project_id)s`` (``$(tenant_id)s``) and ``$(user_id)s`` filled in; an endpoint
    whose URL needs a value the token has not (an unscoped or domain token has no project) is
    left out."""
    values = {'user_id': user_id}
    if project_id:
        values.update(project_id=project_id, tenant_id=project_id)
    services = session.scalars(sa.select(models.CatalogService)
                               .where(models.CatalogService.enabled.is_(True))).all()
    endpoints = session.scalars(sa.select(models.Endpoint)
                                .where(models.Endpoint.enabled.is_(True))).all()
    by_service = {}
    for ep in endpoints:
        url = format_url(ep.url, values)
        if url is None:
            continue
        by_service.setdefault(ep.service_id, []).append(
            {'id': ep.id, 'interface': ep.interface, 'region': ep.region_id,
             'region_id': ep.region_id, 'url': url})
    return [{'id': s.id, 'type': s.type, 'name': s.name,
             'endpoints': by_service.get(s.id, [])} for s in services]


def format_url(url, values):
    """Keystone's utils.format_url: the URL with its $(name)s substitutions made, or None
    when one of them has no value."""
    if '$(' not in url:
        return url
    try:
        return url.replace('$(', '%(') % {k: v for k, v in values.items() if v}
    except (KeyError, TypeError, ValueError):
        return None
