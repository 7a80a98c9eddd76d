"""What the application credential, trust and credential controllers share: Keystone's
checks on delegated tokens, expiry parsing and role references."""
from novalite import exception_identity as errors
from novalite import timeutils
from novalite.api.identity import common
from novalite.db import identity as db
from novalite.db import identity_groups
from novalite.db import models
from novalite.db import session as db_session
from novalite.identity import tokens

_TIMESTAMP_ERROR = ("Timestamp not in expected format. The server could not comply with the "
                    "request since it is either malformed or otherwise incorrect. The client "
                    "is assumed to be in error.")
_EXPIRED_ERROR = ("The 'expires_at' must not be before now. The server could not comply with "
                  "the request since it is either malformed or otherwise incorrect. The "
                  "client is assumed to be in error.")


def is_app_cred_token(info):
    return 'application_credential' in info.get('methods', ())


def check_unrestricted(info, what='application credentials'):
    """A restricted application credential's token may not manage delegation."""
    if is_app_cred_token(info) and info.get('application_credential', {}).get('restricted',
                                                                               True):
        raise errors.ForbiddenAction(
            action="Using method 'application_credential' is not allowed for managing "
                   "additional %s." % what)


def block_trust_token(info):
    """Trust-scoped tokens may not manage application credentials (Keystone's
    _block_delegated_token_app_creds: a plain Forbidden)."""
    if info.get('OS-TRUST:trust'):
        raise errors.Forbidden()


def parse_expiry(value):
    """ISO 8601 (a missing zone is UTC) -> naive UTC datetime in the future, or 400."""
    if value is None:
        return None
    try:
        parsed = timeutils.parse_isotime(value)
    except ValueError:
        raise errors.ValidationDetail(detail=_TIMESTAMP_ERROR)
    if parsed <= models.utcnow():
        raise errors.ValidationDetail(detail=_EXPIRED_ERROR)
    return parsed


def isotime(value):
    return tokens.isotime(value) if value is not None else None


def resolve_roles(refs):
    """[{'id'} | {'name'}] -> role rows (a global role by name), RoleNotFound otherwise."""
    rows = []
    for ref in refs:
        if ref.get('id'):
            row = db.get_role(ref['id'])
            missing = ref['id']
        else:
            row = db.get_role_by_name(ref['name'])
            missing = ref['name']
        if row is None:
            raise errors.RoleNotFound(role_id=missing)
        if row.id not in {r.id for r in rows}:
            rows.append(row)
    return rows


def with_implied(rows):
    """Role rows -> [{'id', 'name'}] with the roles they imply (Keystone adds those too)."""
    with db_session.transaction() as session:
        return identity_groups.expand_roles(session, rows)


def role_view(req, role_id, role_name=None):
    """A role inside an application credential or trust document."""
    row = db.get_role(role_id)
    if row is None:
        return {'id': role_id, 'name': role_name, 'domain_id': None, 'description': None,
                'options': {}, 'links': common.self_links(req, 'roles', role_id)}
    return {'id': row.id, 'name': row.name, 'domain_id': row.domain_id,
            'description': row.description, 'options': {},
            'links': common.self_links(req, 'roles', row.id)}
