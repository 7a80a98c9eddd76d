"""/volumes: list (summary and detail, filters, sort, paging, with_count), show, create,
update, delete, summary, and a volume's metadata (Cinder's v3 volumes and volume_metadata
controllers)."""
import ast
import datetime

from novalite import exception
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.volume import microversion as mv
from novalite.api.volume import query
from novalite.api.volume.schemas import volumes as schema
from novalite.api.volume.views import volumes as views
from novalite.db import volumes as volumes_db
from novalite.volume import api as volume_api

# Cinder's resource_filters.json for volumes: what a non-admin may filter on (and from which
# microversion); anything else is dropped. Admins may filter on any column.
USER_FILTERS = {'name': None, 'status': None, 'metadata': None, 'bootable': None,
                'migration_status': None, 'availability_zone': None, 'size': None,
                'glance_metadata': mv.GLANCE_METADATA_FILTER, 'group_id': mv.GROUP_ID_FILTER,
                'created_at': mv.TIME_COMPARISON_FILTERS,
                'updated_at': mv.TIME_COMPARISON_FILTERS,
                'consumes_quota': mv.CONSUMES_QUOTA}
_RENAMED = {'name': 'display_name', 'description': 'display_description',
            'glance_metadata': 'image_metadata', 'consumes_quota': 'use_quota',
            'tenant_id': 'project_id'}
_TIME_OPS = ('gt', 'gte', 'lt', 'lte', 'eq', 'neq')


class VolumesController:

    def __init__(self, conf):
        self.conf = conf
        self.api = volume_api.API(conf)

    # ------------------------------------------------------------------ lists
    def index(self, req):
        return self._list(req, detail=False)

    def detail(self, req):
        return self._list(req, detail=True)

    def _list(self, req, detail):
        ctx = req.context
        params = query.params(req)
        marker, limit, offset = query.pagination(params)
        keys, dirs = query.sort(params)
        with_count = False
        if req.api_version >= mv.WITH_COUNT and 'with_count' in params:
            with_count = query.boolean('with_count', params.pop('with_count'))
        all_tenants = params.pop('all_tenants', False)
        all_projects = ctx.is_admin and query.boolean('all_tenants', all_tenants)
        filters, like = _filters(req, params)
        if filters is None:  # an admin filtering on what is no column: nothing matches
            return self._page(req, [], detail, 0 if with_count else None)
        sort = _sort(keys, dirs)
        project = filters.pop('project_id', None) if all_projects else None
        kwargs = {'filters': filters, 'like': like}
        volumes = self.api.get_all(ctx, all_projects=all_projects, project_id=project,
                                   sort=sort, limit=limit, marker=marker, offset=offset,
                                   **kwargs)
        count = len(self.api.get_all(ctx, all_projects=all_projects, project_id=project,
                                     **kwargs)) if with_count else None
        return self._page(req, volumes, detail, count)

    @staticmethod
    def _page(req, volumes, detail, count):
        view = views.detail if detail else views.summary
        body = {'volumes': [view(req, v) for v in volumes]}
        links = query.next_links(req, volumes, 'volumes/detail' if detail else 'volumes')
        if links:
            body['volumes_links'] = links
        if count is not None:
            body['count'] = count
        return body

    def summary(self, req):
        if req.api_version < mv.VOLUME_SUMMARY:
            raise exception.NotFound('The resource could not be found.')
        all_projects = req.context.is_admin and query.boolean(
            'all_tenants', req.GET.get('all_tenants', False))
        count, size, metadata = self.api.summary(req.context, all_projects)
        body = {'total_count': count, 'total_size': size}
        if req.api_version >= mv.SUMMARY_METADATA:
            body['metadata'] = metadata
        return {'volume-summary': body}

    # ------------------------------------------------------------------ one volume
    def show(self, req, id):
        return {'volume': views.detail(req, self.api.get(req.context, id))}

    @wsgi.response(202)
    def create(self, req, body):
        schema_ = schema.create_v353 if req.api_version >= mv.STRICT_SCHEMA else \
            schema.create_v313 if req.api_version >= mv.GROUP_ID_IN_VIEW else schema.create
        validation.validate(schema_, body)
        volume = body['volume']
        if query.boolean('multiattach', volume.get('multiattach') or False):
            raise exception.Invalid(
                'multiattach parameter has been removed. The default behavior is to use '
                'multiattach enabled volume types. Contact your administrator to create a '
                'multiattach enabled volume type and use it to create multiattach volumes.')
        if volume.get('consistencygroup_id') or volume.get('group_id'):
            raise exception.NotFound('Group %s could not be found.'
                                     % (volume.get('group_id')
                                        or volume.get('consistencygroup_id')))
        if volume.get('backup_id'):
            raise exception.NotFound('Backup %s could not be found.' % volume['backup_id'])
        created = self.api.create(
            req.context, volume.get('size'),
            name=_stripped(volume.get('name', volume.get('display_name'))),
            description=_stripped(volume.get('description',
                                             volume.get('display_description'))),
            volume_type=volume.get('volume_type') or None,
            metadata=volume.get('metadata') or {},
            availability_zone=volume.get('availability_zone'),
            snapshot_id=volume.get('snapshot_id'), source_volid=volume.get('source_volid'),
            image_ref=volume.get('imageRef', volume.get('image_id')) or None)
        return {'volume': views.detail(req, created, extensions=False)}

    def update(self, req, id, body):
        validation.validate(schema.update_v353 if req.api_version >= mv.STRICT_SCHEMA
                            else schema.update, body)
        ctx = req.context
        volume = self.api.get(ctx, id)
        values = {}
        changes = body['volume']
        for key, column in (('name', 'display_name'), ('display_name', 'display_name'),
                            ('description', 'display_description'),
                            ('display_description', 'display_description')):
            if key in changes:
                values[column] = _stripped(changes[key])
        updated = self.api.update(ctx, volume, values, metadata=changes.get('metadata'))
        return {'volume': views.detail(req, updated, extensions=False)}

    @wsgi.response(202)
    def delete(self, req, id):
        ctx = req.context
        cascade = query.boolean('cascade', req.GET.get('cascade', False))
        force = False
        if req.api_version >= mv.DELETE_FORCE:
            force = query.boolean('force', req.GET.get('force', False))
        volume = self.api.get(ctx, id)
        self.api.delete(ctx, volume, force=force, cascade=cascade)

    # ------------------------------------------------------------------ metadata
    def metadata_index(self, req, volume_id):
        volume = self.api.get(req.context, volume_id)
        return {'metadata': self.api.get_metadata(req.context, volume)}

    def metadata_create(self, req, volume_id, body):
        validation.validate(schema.metadata_body, body)
        volume = self.api.get(req.context, volume_id)
        return {'metadata': self.api.set_metadata(req.context, volume, body['metadata'])}

    def metadata_update_all(self, req, volume_id, body):
        validation.validate(schema.metadata_body, body)
        volume = self.api.get(req.context, volume_id)
        return {'metadata': self.api.set_metadata(req.context, volume, body['metadata'],
                                                  replace=True)}

    def metadata_show(self, req, volume_id, key):
        volume = self.api.get(req.context, volume_id)
        metadata = self.api.get_metadata(req.context, volume)
        if key not in metadata:
            raise exception.NotFound('Metadata item was not found')
        return {'meta': {key: metadata[key]}}

    def metadata_update(self, req, volume_id, key, body):
        validation.validate(schema.metadata_item, body)
        if key not in body['meta']:
            raise exception.Invalid('Request body and URI mismatch')
        volume = self.api.get(req.context, volume_id)
        self.api.set_metadata(req.context, volume, {key: body['meta'][key]})
        return {'meta': {key: body['meta'][key]}}

    def metadata_delete(self, req, volume_id, key):
        volume = self.api.get(req.context, volume_id)
        if key not in volume['metadata']:
            raise exception.NotFound('Metadata item was not found')
        self.api.delete_metadata(req.context, volume, key)


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def _sort(keys, dirs):
    out = []
    for key, direction in zip(keys, dirs):
        column = _RENAMED.get(key, key)
        if column not in volumes_db.SORT_KEYS:
            raise exception.InvalidInput(reason='Invalid sort key %s' % key)
        if direction not in ('asc', 'desc'):
            raise exception.InvalidInput(reason="Unknown sort direction, must be 'desc' or "
                                                "'asc'")
        out.append((column, direction))
    return out


def _filters(req, params):
    """(filters for the data layer, columns matched as substrings) from the query; None
    when an admin names something that is no column (Cinder then returns nothing)."""
    ctx = req.context
    filters, like = {}, []
    for raw, value in params.items():
        key = raw[:-1] if raw.endswith('~') else raw
        if raw.endswith('~') and req.api_version < mv.LIKE_FILTERS:
            continue
        if not ctx.is_admin:
            if key not in USER_FILTERS or (USER_FILTERS[key] is not None
                                           and req.api_version < USER_FILTERS[key]):
                continue
        column = _RENAMED.get(key, key)
        if key in ('metadata', 'glance_metadata'):
            filters[column] = _dict(key, value)
        elif column in ('created_at', 'updated_at'):
            filters[column] = _times(key, value)
        elif column == 'bootable':
            filters[column] = _bootable(req, value)
        elif column == 'use_quota':
            filters[column] = query.boolean(key, value)
        elif column == 'size':
            try:
                filters[column] = int(value)
            except ValueError:
                raise exception.InvalidInput(reason='size must be an integer')
        elif column in volumes_db.COLUMNS:
            filters[column] = value
        elif key == 'group_id':
            return None, []  # no groups here: a group filter matches nothing
        else:
            return None, []
        if raw.endswith('~'):
            like.append(column)
    return filters, like


def _dict(key, value):
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        parsed = None
    if not isinstance(parsed, dict):
        raise exception.InvalidInput(reason="Invalid %s filter: %s" % (key, value))
    return {str(k): v for k, v in parsed.items()}


def _bootable(req, value):
    if req.api_version >= mv.BOOTABLE_FILTER_STRICT:
        text = str(value).strip().lower()
        if text in ('t', 'true', '1'):
            return True
        if text in ('f', 'false', '0'):
            return False
        raise exception.InvalidInput(reason='bootable=%s' % value)
    return str(value).strip().lower() not in ('false', 'f', '0')


def _times(key, value):
    ops = {}
    for unit in value.split(','):
        op, sep, when = unit.partition(':')
        if not sep:
            raise exception.Invalid('Invalid %s value' % key)
        if op not in _TIME_OPS:
            raise exception.Invalid('Invalid %s operator' % op)
        try:
            parsed = datetime.datetime.fromisoformat(when.replace('Z', '+00:00'))
        except ValueError:
            raise exception.Invalid('Invalid %s value' % when)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        ops[op] = parsed
    return ops
