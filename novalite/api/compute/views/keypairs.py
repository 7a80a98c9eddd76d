"""Key pair views: the fields each call shows at each microversion (Nova's)."""
from novalite.api import microversion as mv
from novalite.api.compute import common


def _base(req, kp):
    view = {'name': kp['name'], 'public_key': kp['public_key'],
            'fingerprint': kp['fingerprint']}
    if req.api_version >= mv.KEYPAIR_TYPE:
        view['type'] = kp['type']
    return view


def listed(req, kp):
    return {'keypair': _base(req, kp)}


def created(req, kp, private_key=None):
    view = _base(req, kp)
    view['user_id'] = kp['user_id']
    if private_key is not None:
        view['private_key'] = private_key
    return view


def detail(req, kp):
    view = _base(req, kp)
    view.update({'user_id': kp['user_id'], 'id': kp['id'],
                 'created_at': common.timestamp(kp['created_at']),
                 'updated_at': common.timestamp(kp['updated_at']),
                 'deleted': False, 'deleted_at': None})
    return view
