"""Views of snapshots (Cinder's v3 snapshot view and the extended snapshot attributes
extension, which show and the detail list carry for readers of the project)."""
from novalite import policy
from novalite.api.volume import microversion as mv
from novalite.api.volume import query
from novalite.policies import volume_extras as P

EXTENDED = 'os-extended-snapshot-attributes'


def summary(req, snap):
    return {'id': snap['id'], 'created_at': query.isotime(snap['created_at']),
            'updated_at': query.isotime(snap['updated_at']), 'name': snap['display_name'],
            'description': snap['display_description'], 'volume_id': snap['volume_id'],
            'status': snap['status'], 'size': snap['volume_size'],
            'metadata': dict(snap['metadata'] or {})}


def detail(req, snap, extended=False):
    """The detail view; ``extended`` (show and the detail list) adds the extended
    snapshot attributes when the policy lets the requester see them."""
    result = summary(req, snap)
    version = req.api_version
    if version >= mv.GROUP_SNAPSHOTS:
        result['group_snapshot_id'] = None  # group snapshots are not served
    if version >= mv.SNAPSHOT_USER_ID:
        result['user_id'] = snap['user_id']
    if version >= mv.CONSUMES_QUOTA:
        result['consumes_quota'] = snap['use_quota']
    if extended and policy.authorize(req.context, P.SNAPSHOT_EXTENDED,
                                     {'project_id': snap['project_id']}, fatal=False):
        result[EXTENDED + ':progress'] = snap['progress']
        result[EXTENDED + ':project_id'] = snap['project_id']
    return result


def collection(req, snaps, is_detail, count=None):
    path = 'snapshots/detail' if is_detail else 'snapshots'
    items = [detail(req, s, extended=True) if is_detail else summary(req, s) for s in snaps]
    result = {'snapshots': items}
    links = query.next_links(req, snaps, path)
    if links:
        result['snapshots_links'] = links
    if count is not None:
        result['count'] = count
    return result
