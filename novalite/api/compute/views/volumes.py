"""Views of a server's volumes: os-volume_attachments entries and the server view's
os-extended-volumes:volumes_attached (Nova's _translate_attachment_detail_view and
extended_volumes)."""
from novalite import exception
from novalite.api import microversion as mv


def attachment(req, bdm):
    """One attachment as GET shows it, per microversion (2.70 tag, 2.79
    delete_on_termination, 2.89 attachment_id and bdm_uuid instead of id)."""
    version = req.api_version
    view = {}
    if version < mv.ATTACHMENT_IDS:
        view['id'] = bdm['volume_id']
    view['volumeId'] = bdm['volume_id']
    view['serverId'] = bdm['instance_uuid']
    if bdm['device_name']:
        view['device'] = bdm['device_name']
    if version >= mv.INTERFACE_TAG_IN_VIEW:
        view['tag'] = bdm['tag']
    if version >= mv.ATTACH_DELETE_ON_TERMINATION:
        view['delete_on_termination'] = bool(bdm['delete_on_termination'])
    if version >= mv.ATTACHMENT_IDS:
        view['attachment_id'] = bdm['attachment_id']
        view['bdm_uuid'] = bdm['uuid']
    return view


def created(req, bdm, server_id):
    """The answer of an attach below 2.101 (Nova's: always id and device)."""
    view = {'id': bdm['volume_id'], 'serverId': server_id, 'volumeId': bdm['volume_id'],
            'device': bdm['device_name']}
    if req.api_version >= mv.INTERFACE_TAG_IN_VIEW:
        view['tag'] = bdm['tag']
    if req.api_version >= mv.ATTACH_DELETE_ON_TERMINATION:
        view['delete_on_termination'] = bool(bdm['delete_on_termination'])
    return view


def check_immutable(params, bdm, volume_id, server_id):
    """2.85: fields sent back with the update must keep their values (Nova's 400s)."""
    for key, current in (('id', volume_id), ('serverId', server_id),
                         ('device', bdm['device_name']), ('tag', bdm['tag'])):
        if key in params and params[key] != current:
            raise exception.Invalid('The %s property is not mutable' % key)


def volumes_attached(req, bdms):
    """os-extended-volumes:volumes_attached: the server's volumes (2.3 adds
    delete_on_termination)."""
    out = []
    for bdm in bdms:
        if not bdm.get('volume_id'):
            continue
        entry = {'id': bdm['volume_id']}
        if req.api_version >= mv.EXTENDED_ATTRS_MORE:
            entry['delete_on_termination'] = bool(bdm['delete_on_termination'])
        out.append(entry)
    return out
