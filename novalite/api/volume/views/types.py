"""Views of volume types (Cinder's v3 types view and the volume-type-access extension)."""
from novalite import policy
from novalite.policies import volume_extras as P

ACCESS_KEY = 'os-volume-type-access:is_public'


def _specs(ctx, vtype):
    if policy.authorize(ctx, P.SPECS_READ_SENSITIVE, fatal=False):
        return dict(vtype['extra_specs'])
    return {k: v for k, v in vtype['extra_specs'].items() if k in P.USER_VISIBLE_EXTRA_SPECS}


def show(req, vtype):
    """The type as GET /types and GET /types/{id} show it to the requester."""
    ctx = req.context
    result = {'id': vtype['id'], 'name': vtype['name'], 'is_public': vtype['is_public'],
              'description': vtype['description']}
    if policy.authorize(ctx, P.TYPE_EXTRA_SPECS, fatal=False):
        result['extra_specs'] = _specs(ctx, vtype)
    if policy.authorize(ctx, P.TYPE_QOS, fatal=False):
        result['qos_specs_id'] = None  # QoS specs are not served
    if policy.authorize(ctx, P.TYPE_ACCESS, fatal=False):
        result[ACCESS_KEY] = vtype['is_public']
    return result


def manage(req, vtype, created=False):
    """The type as create (with the access flag) and update answer it."""
    result = {'id': vtype['id'], 'name': vtype['name'], 'is_public': vtype['is_public'],
              'extra_specs': dict(vtype['extra_specs']), 'description': vtype['description']}
    if created and policy.authorize(req.context, P.TYPE_ACCESS, fatal=False):
        result[ACCESS_KEY] = vtype['is_public']
    return result


def index(req, vtypes):
    return {'volume_types': [show(req, t) for t in vtypes]}
