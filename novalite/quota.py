"""Compute quotas, counted as Nova counts them since Pike.

Limits: the built-in defaults (Nova's [quota] defaults), overridden by the ``default`` quota
class, overridden by a project's own limits, overridden by a user's limits in the project.
-1 means unlimited. Usage is never stored: instances, cores and ram are counted from the
project's live instances, key pairs from the user's key pairs; metadata items and injected
files are limits on one request, not counted.

``instance_create_transaction`` is the one place a create checks instances/cores/ram: the
count and the inserts happen in one transaction that holds the project's quota lock, so
concurrent creates in a project can never both pass when only one fits.
"""
import contextlib

import sqlalchemy as sa

from novalite import exception
from novalite.db import keypairs as keypair_db
from novalite.db import models
from novalite.db import quotas as quota_db
from novalite.db import server_groups as group_db
from novalite.db import session as db

# Resources in Nova's order, with Nova's defaults. The last four are the network proxy
# quotas Nova still shows below microversion 2.36 (nova-network is gone; nothing counts them).
DEFAULTS = {
    'instances': 10, 'cores': 20, 'ram': 51200, 'metadata_items': 128,
    'injected_files': 5, 'injected_file_content_bytes': 10240,
    'injected_file_path_bytes': 255, 'key_pairs': 100, 'server_groups': 10,
    'server_group_members': 10,
    'floating_ips': 10, 'fixed_ips': -1, 'security_groups': 10, 'security_group_rules': 20,
}
RESOURCES = tuple(DEFAULTS)
NETWORK_PROXY = ('fixed_ips', 'floating_ips', 'security_groups', 'security_group_rules')
SERVER_GROUP = ('server_groups', 'server_group_members')
DEFAULT_CLASS = 'default'
MAX_LIMIT = 0x7FFFFFFF


def _unlimited(value):
    return value is None or value < 0


# --------------------------------------------------------------------------- limits

def _configured(conf):
    """Built-in defaults and the [quota] options when a module registers them."""
    values = dict(DEFAULTS)
    group = getattr(conf, 'quota', None) if conf is not None else None
    if group is not None:
        for resource in RESOURCES:
            value = getattr(group, resource, None)
            if isinstance(value, int):
                values[resource] = value
    return values


def get_defaults(conf=None):
    """Built-in defaults, [quota] options when a module registers them, the 'default'
    quota class over both."""
    values = _configured(conf)
    values.update({k: v for k, v in quota_db.quota_class_get(DEFAULT_CLASS).items()
                     if k in values})
    return values


def get_class_quotas(class_name, conf=None):
    values = get_defaults(conf)
    values.update({k: v for k, v in quota_db.quota_class_get(class_name).items()
                     if k in values})
    return values


def _limits(project_id, user_id, conf):
    """(the project's limits, the user's): the defaults, the 'default' class, the project's
    and the user's own limits over each other, read in one statement."""
    defaults, project, user = quota_db.quota_limits(DEFAULT_CLASS, project_id, user_id)
    values = _configured(conf)
    for layer in (defaults, project):
        values.update({k: v for k, v in layer.items() if k in values})
    user_values = dict(values)
    user_values.update({k: v for k, v in user.items() if k in user_values})
    return values, user_values


def get_project_quotas(project_id, conf=None):
    return _limits(project_id, None, conf)[0]


def get_user_quotas(project_id, user_id, conf=None):
    return _limits(project_id, user_id, conf)[1]


def get_quotas(project_id, user_id=None, conf=None):
    if user_id:
        return get_user_quotas(project_id, user_id, conf)
    return get_project_quotas(project_id, conf)


def get_usages(project_id, user_id=None):
    """{resource: in_use}; instances/cores/ram of the project (or of the user in it)."""
    with db.transaction() as session:
        instances, cores, ram = quota_db.instance_usage_in_session(session, project_id,
                                                                   user_id)
        server_groups = group_db.server_group_count(session, project_id, user_id)
    usages = dict.fromkeys(RESOURCES, 0)
    # server_group_members is a limit per group, so (as in Nova) nothing shows as in use
    usages.update(instances=instances, cores=cores, ram=ram, server_groups=server_groups)
    if user_id:
        usages['key_pairs'] = keypair_db.keypair_count(user_id)
    return usages


def get_detail(project_id, user_id=None, conf=None):
    limits = get_quotas(project_id, user_id, conf)
    usages = get_usages(project_id, user_id)
    return {r: {'limit': limits[r], 'in_use': usages[r], 'reserved': 0} for r in RESOURCES}


def settable_range(project_id, user_id=None, conf=None):
    """{resource: (minimum, maximum)} a new limit must fall in (Nova's settable quotas):
    at least what is used (and, for a project, what its users' limits add up to); a user's
    limit at most what the project has left for it. -1 is unlimited."""
    project = get_project_quotas(project_id, conf)
    user_sums = quota_db.quota_sum_of_users(project_id)
    if not user_id:
        usages = get_usages(project_id)
        return {r: (max(user_sums.get(r, 0), usages[r]), -1) for r in RESOURCES}
    usages = get_usages(project_id, user_id)
    own = quota_db.quota_get_all(project_id, user_id)
    result = {}
    for r in RESOURCES:
        if _unlimited(project[r]):
            maximum = -1
        else:
            own_limit = own.get(r, 0) if not _unlimited(own.get(r, 0)) else 0
            maximum = project[r] - user_sums.get(r, 0) + own_limit
        result[r] = (usages[r], maximum)
    return result


def _retry_on_conflict(func, *args):
    try:
        func(*args)
    except sa.exc.IntegrityError:  # a concurrent update inserted the same row first
        func(*args)


def update_quotas(project_id, values, user_id=None):
    _retry_on_conflict(quota_db.quota_set, project_id, values, user_id)


def update_class(class_name, values):
    _retry_on_conflict(quota_db.quota_class_set, class_name, values)


def delete_quotas(project_id, user_id=None):
    quota_db.quota_destroy_all(project_id, user_id)


# --------------------------------------------------------------------------- checks

def check_metadata_items(context, count, conf=None):
    """403 when one server would carry more metadata items than the project's limit."""
    limit = get_user_quotas(context.project_id, context.user_id, conf)['metadata_items']
    if not _unlimited(limit) and count > limit:
        raise exception.MetadataLimitExceeded(allowed=limit)


def check_key_pairs(context, user_id, conf=None):
    """403 when the user already holds as many key pairs as allowed."""
    limit = get_user_quotas(context.project_id, user_id, conf)['key_pairs']
    if not _unlimited(limit) and keypair_db.keypair_count(user_id) + 1 > limit:
        raise exception.KeypairLimitExceeded()


@contextlib.contextmanager
def key_pair_create_transaction(context, user_id, conf=None):
    """Yield the session a key pair is created in, under the project's quota lock (the
    one instance creates take), after counting the user's key pairs in it (403 when full),
    so concurrent creates cannot pass the limit together."""
    limit = get_user_quotas(context.project_id, user_id, conf)['key_pairs']
    with db.transaction() as session:
        quota_db.quota_lock_project(session, context.project_id)
        if not _unlimited(limit):
            kp = models.KeyPair
            count = session.scalar(sa.select(sa.func.count(kp.id)).where(
                kp.user_id == user_id))
            if count + 1 > limit:
                raise exception.KeypairLimitExceeded()
        yield session


@contextlib.contextmanager
def server_group_create_transaction(context, conf=None):
    """Yield the session a server group is created in, under the project's quota lock,
    after checking the project's and the user's server_groups limits (403 when full)."""
    project_id, user_id = context.project_id, context.user_id
    project_limits, user_limits = _limits(project_id, user_id, conf)
    project_limit, user_limit = project_limits['server_groups'], user_limits['server_groups']
    with db.transaction() as session:
        quota_db.quota_lock_project(session, project_id)
        for limit, scope_user in ((project_limit, None), (user_limit, user_id)):
            if not _unlimited(limit) and \
                    group_db.server_group_count(session, project_id, scope_user) + 1 > limit:
                raise exception.ServerGroupLimitExceeded()
        yield session


def check_server_group_members(context, group, count, conf=None):
    """403 when ``count`` more servers would take the group past server_group_members."""
    limit = get_user_quotas(context.project_id, context.user_id, conf)['server_group_members']
    if not _unlimited(limit) and len(group['members']) + count > limit:
        raise exception.ServerGroupMemberLimitExceeded()


@contextlib.contextmanager
def instance_create_transaction(context, flavor, min_count, max_count, conf=None):
    """Yield (session, count): how many instances (min_count..max_count) fit the quotas.

    The transaction holds the project's quota lock from before the count until the caller's
    inserts commit. Raises TooManyInstances (403) when not even min_count fits.
    """
    project_id, user_id = context.project_id, context.user_id
    project_limits, user_limits = _limits(project_id, user_id, conf)
    with db.transaction() as session:
        quota_db.quota_lock_project(session, project_id)
        scopes = [(project_limits, quota_db.instance_usage_in_session(session, project_id))]
        if user_limits != project_limits:
            scopes.append((user_limits,
                           quota_db.instance_usage_in_session(session, project_id, user_id)))
        count = _fit(flavor, min_count, max_count, scopes)
        yield session, count


def _fit(flavor, min_count, max_count, scopes):
    """How many of max_count fit every scope (project, user); TooManyInstances when fewer
    than min_count do, worded as Nova's (the tightest scope, its resources over quota)."""
    per_instance = {'instances': 1, 'cores': flavor['vcpus'] or 0,
                    'ram': flavor['memory_mb'] or 0}
    tightest = None
    for limits, (instances, cores, ram) in scopes:
        used = {'instances': instances, 'cores': cores, 'ram': ram}
        fits = max_count
        for resource, delta in per_instance.items():
            if delta and not _unlimited(limits[resource]):
                fits = min(fits, max(0, (limits[resource] - used[resource]) // delta))
        if tightest is None or fits < tightest[0]:
            tightest = (fits, limits, used)
    fits, limits, used = tightest
    if fits >= min_count:
        return fits
    requested = {'instances': str(min_count) if min_count == max_count
                 else '%d-%d' % (min_count, max_count),
                 'cores': max_count * per_instance['cores'],
                 'ram': max_count * per_instance['ram']}
    overs = sorted(r for r, delta in per_instance.items()
                   if delta and not _unlimited(limits[r])
                   and used[r] + max_count * delta > limits[r])
    raise exception.TooManyInstances(overs=', '.join(overs),
                           req=', '.join(str(requested[r]) for r in overs),
                           used=', '.join(str(used[r]) for r in overs),
                           allowed=', '.join(str(limits[r]) for r in overs))
