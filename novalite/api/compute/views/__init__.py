"""Compute views."""
from novalite import policy


def allowed(req, rule, project_id):
    """The non-fatal policy decision ``rule`` on ``project_id``'s resource, decided once per
    request: a list view asks the same question for every server it shows."""
    environ = getattr(req, 'environ', None)
    memo = environ.setdefault('novalite.view_decisions', {}) if environ is not None else {}
    key = (rule, project_id)
    decision = memo.get(key)
    if decision is None:
        decision = memo[key] = policy.authorize(req.context, rule, fatal=False,
                                                target={'project_id': project_id})
    return decision
