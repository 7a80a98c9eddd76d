"""Volume and attachment views, field for field as Cinder's v3 view builders and the
attribute extensions (os-vol-tenant-attr, os-vol-host-attr, os-vol-mig-status-attr,
volume_image_metadata) render them at each microversion."""
from novalite import exception_volume as errors
from novalite import policy
from novalite.api.volume import microversion as mv
from novalite.api.volume import query
from novalite.db import volume_types


def _type(volume):
    """The volume's type, or None (none, or deleted since)."""
    if not volume.get('volume_type_id'):
        return None
    try:
        return volume_types.get(volume['volume_type_id'])
    except errors.VolumeTypeNotFound:
        return None


# admin metadata every user sees among the metadata (Cinder's add_visible_admin_metadata)
VISIBLE_ADMIN_METADATA = ('readonly', 'attached_mode')


def _metadata(volume):
    metadata = dict(volume['metadata'])
    admin = volume.get('admin_metadata') or {}
    metadata.update((k, admin[k]) for k in VISIBLE_ADMIN_METADATA if k in admin)
    return metadata


def links(req, volume_id):
    return [{'rel': 'self', 'href': req.link('volumes', volume_id)},
            {'rel': 'bookmark', 'href': req.bookmark('volumes', volume_id)}]


def summary(req, volume):
    return {'id': volume['id'], 'name': volume['display_name'],
            'links': links(req, volume['id'])}


def _attachments(ctx, volume):
    out = []
    for att in volume['attachments']:
        if att['attach_status'] != 'attached':
            continue
        out.append({'id': volume['id'], 'attachment_id': att['id'],
                    'volume_id': volume['id'], 'server_id': att['instance_uuid'],
                    'host_name': att['attached_host']
                    if ctx.is_admin or 'service' in ctx.roles else None,
                    'device': att['mountpoint'],
                    'attached_at': query.isotime(att['attach_time'])})
    return out


def detail(req, volume, vtype=False, extensions=True):
    """The detailed view; ``extensions``: with the attribute extensions' keys, which Cinder
    adds to show and detail lists only (not to create and update answers)."""
    ctx = req.context
    version = req.api_version
    vtype = _type(volume) if vtype is False else vtype
    if version >= mv.VOLUME_TYPE_ID:
        type_name = vtype['name'] if vtype else None
    else:
        type_name = vtype['name'] if vtype else volume['volume_type_id']
    view = {
        'id': volume['id'],
        'status': volume['status'],
        'size': volume['size'],
        'availability_zone': volume['availability_zone'],
        'created_at': query.isotime(volume['created_at']),
        'updated_at': query.isotime(volume['updated_at']),
        'name': volume['display_name'],
        'description': volume['display_description'],
        'volume_type': type_name,
        'snapshot_id': volume['snapshot_id'],
        'source_volid': volume['source_volid'],
        'metadata': _metadata(volume),
        'links': links(req, volume['id']),
        'user_id': volume['user_id'],
        'bootable': str(bool(volume['bootable'])).lower(),
        'encrypted': volume['encryption_key_id'] is not None,
        'replication_status': volume['replication_status'],
        'consistencygroup_id': None,
        'multiattach': bool(volume['multiattach']),
        'attachments': _attachments(ctx, volume),
    }
    if ctx.is_admin:
        view['migration_status'] = volume['migration_status']
    if version >= mv.GROUP_ID_IN_VIEW:
        view['group_id'] = None
    if ctx.is_admin and version >= mv.PROVIDER_ID:
        view['provider_id'] = None
    if version >= mv.SHARED_TARGETS:
        view['shared_targets'] = False
        view['service_uuid'] = None
    if ctx.is_admin and version >= mv.CLUSTER_NAME:
        view['cluster_name'] = None
    if version >= mv.VOLUME_TYPE_ID:
        view['volume_type_id'] = vtype['id'] if vtype else volume['volume_type_id']
    if version >= mv.ENCRYPTION_KEY_ID and volume['encryption_key_id']:
        view['encryption_key_id'] = volume['encryption_key_id']
    if version >= mv.CONSUMES_QUOTA:
        view['consumes_quota'] = bool(volume['use_quota'])
    if extensions:
        _extensions(ctx, volume, view)
    return view


def _extensions(ctx, volume, view):
    target = {'project_id': volume['project_id'], 'user_id': volume['user_id']}

    def allowed(rule):
        return policy.authorize(ctx, rule, target, fatal=False)
    if allowed('volume_extension:volume_tenant_attribute'):
        view['os-vol-tenant-attr:tenant_id'] = volume['project_id']
    if allowed('volume_extension:volume_host_attribute'):
        view['os-vol-host-attr:host'] = volume['host']
    if allowed('volume_extension:volume_mig_status_attribute'):
        view['os-vol-mig-status-attr:migstat'] = volume['migration_status']
        view['os-vol-mig-status-attr:name_id'] = None
    if volume['image_metadata'] and \
            allowed('volume_extension:volume_image_metadata:show'):
        view['volume_image_metadata'] = dict(volume['image_metadata'])


def attachment_summary(att):
    return {'id': att['id'], 'status': att['attach_status'],
            'instance': att['instance_uuid'], 'volume_id': att['volume_id']}


def attachment_detail(att):
    view = attachment_summary(att)
    view.update(attached_at=query.isotime(att['attach_time']) or '',
                detached_at=query.isotime(att['detach_time']) or '',
                attach_mode=att['attach_mode'],
                connection_info=att['connection_info'] or {})
    return view
