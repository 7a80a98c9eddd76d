"""oslo.policy with the rules defined in code (novalite/policies/, one module per area).

``authorize(context, action, target)`` raises 403 PolicyNotAuthorized; every resource adds its
rules to its module in novalite/policies and lists them there in ``RULES``.
"""
import threading

from oslo_config import cfg
from oslo_policy import policy

from novalite import exception
from novalite import policies

_enforcer = None
_lock = threading.Lock()


def list_rules():
    return policies.list_rules()


def init(conf):
    """Build the enforcer from ``conf`` (an operator's policy file overrides the defaults)."""
    global _enforcer
    with _lock:
        enforcer = policy.Enforcer(conf)
        enforcer.register_defaults(list_rules())
        enforcer.load_rules()
        # Rules are read once at start (restart to apply a changed policy file): otherwise
        # oslo.policy looks for the policy file again on every single check.
        enforcer.use_conf = False
        _enforcer = enforcer
        _decisions.clear()
    return enforcer


def get_enforcer():
    if _enforcer is None:
        conf = cfg.ConfigOpts()
        conf([], project='novalite', default_config_files=[])
        init(conf)
    return _enforcer


def reset():
    global _enforcer
    _enforcer = None
    _decisions.clear()


def _creds(context):
    return {'user_id': context.user_id, 'project_id': context.project_id,
            'roles': list(context.roles), 'is_admin': context.is_admin,
            'system_scope': getattr(context, 'system_scope', None),
            'domain_id': getattr(context, 'domain_id', None)}


def authorize(context, action, target=None, fatal=True):
    target = target if target is not None else {'project_id': context.project_id,
                                                'user_id': context.user_id}
    creds = _creds(context)
    try:
        key = (action, _freeze(target), _frozen_creds(context, creds))
    except TypeError:
        key = None
    allowed = _decisions.get(key) if key is not None else None
    if allowed is None:
        try:
            allowed = bool(get_enforcer().authorize(action, target, creds, do_raise=False))
        except policy.PolicyNotRegistered:
            allowed = False
        if key is not None:
            with _lock:
                if len(_decisions) >= _MAX_DECISIONS:
                    _decisions.clear()
                _decisions[key] = allowed
    if not allowed and fatal:
        raise exception.PolicyNotAuthorized(action=action)
    return allowed


# A decision is a pure function of (rule, target, credentials) while the rules stay loaded,
# so it is remembered: oslo.policy inspects every nested check's signature on each call.
_decisions = {}
_MAX_DECISIONS = 20000


def _frozen_creds(context, creds):
    """_freeze(creds), kept on the context while its credentials stay the same (a request
    asks several questions; comparing two small dicts is cheaper than sorting one)."""
    memo = getattr(context, '_policy_creds', None)
    if memo is not None and memo[0] == creds:
        return memo[1]
    frozen = _freeze(creds)
    try:
        context._policy_creds = (creds, frozen)
    except AttributeError:
        pass
    return frozen


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(_freeze(v) for v in value)
    hash(value)
    return value


def check_is_admin(context):
    return get_enforcer().authorize('context_is_admin', {}, _creds(context), do_raise=False)
