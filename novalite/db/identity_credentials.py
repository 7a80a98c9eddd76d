"""Data access for identity delegation and stored secrets: application credentials and their
access rules, trusts, credentials (/v3/credentials, OS-EC2) and policy blobs.

Every function is one transaction and returns detached rows (or plain dicts). Deleting or
changing anything a token was issued through drops authtoken's cache, so the change is seen
at once.
"""
import uuid

import sqlalchemy as sa

from novalite import exception_identity as errors
from novalite.db import models
from novalite.db import session as db
from novalite.db import token_cache


def _new_id():
    return uuid.uuid4().hex


# --------------------------------------------------------------------- application credentials

def _rule_dict(row):
    return {'id': row.id, 'service': row.service, 'path': row.path, 'method': row.method}


def _access_rules_of(s, app_cred_ids):
    """{app_cred_id: [rule dict, ...]} for the credentials that have access rules."""
    if not app_cred_ids:
        return {}
    rows = s.execute(
        sa.select(models.ApplicationCredentialAccessRule.application_credential_id,
                  models.AccessRule)
        .join(models.AccessRule, models.AccessRule.id
              == models.ApplicationCredentialAccessRule.access_rule_id)
        .where(models.ApplicationCredentialAccessRule.application_credential_id.in_(
            list(app_cred_ids)))
        .order_by(models.AccessRule.service, models.AccessRule.path,
                  models.AccessRule.method)).all()
    found = {}
    for cred_id, rule in rows:
        found.setdefault(cred_id, []).append(_rule_dict(rule))
    return found


def _app_cred_dict(row, rules):
    return {'id': row.id, 'name': row.name, 'description': row.description,
            'user_id': row.user_id, 'project_id': row.project_id,
            'roles': [dict(r) for r in row.roles or []], 'unrestricted': bool(row.unrestricted),
            'expires_at': row.expires_at, 'access_rules': rules}


def _app_cred_conflict(name):
    return errors.Conflict(type='application_credential',
                           details='Duplicate entry found with name %s' % name)


def _access_rule_row(s, user_id, rule):
    """The access rule for rule ({'id'} or service/path/method): an existing one of the user,
    or a new one."""
    if rule.get('id'):
        row = s.get(models.AccessRule, rule['id'])
        if row is not None and row.user_id == user_id:
            return row
        if not {'service', 'path', 'method'} <= set(rule):
            raise errors.AccessRuleNotFound(access_rule_id=rule['id'])
    row = s.scalars(sa.select(models.AccessRule).where(
        models.AccessRule.user_id == user_id, models.AccessRule.service == rule['service'],
        models.AccessRule.path == rule['path'],
        models.AccessRule.method == rule['method'])).first()
    if row is None:
        row = models.AccessRule(id=_new_id(), user_id=user_id, service=rule['service'],
                                path=rule['path'], method=rule['method'])
        s.add(row)
        s.flush()
    return row


def create_app_cred(values, access_rules=None):
    """values: id, name, description, secret_hash, user_id, project_id, roles, unrestricted,
    expires_at. Returns the credential as a dict (access_rules None when it has none)."""
    values = dict(values)
    values.setdefault('id', _new_id())
    try:
        with db.transaction() as s:
            if s.scalars(sa.select(models.ApplicationCredential.id).where(
                    models.ApplicationCredential.user_id == values['user_id'],
                    models.ApplicationCredential.name == values['name'])).first():
                raise _app_cred_conflict(values['name'])
            row = models.ApplicationCredential(**values)
            s.add(row)
            s.flush()
            rules, seen = [], set()
            for rule in access_rules or []:
                rule_row = _access_rule_row(s, values['user_id'], rule)
                if rule_row.id not in seen:
                    seen.add(rule_row.id)
                    s.add(models.ApplicationCredentialAccessRule(
                        application_credential_id=row.id, access_rule_id=rule_row.id))
                    rules.append(_rule_dict(rule_row))
            s.flush()
            return _app_cred_dict(row, rules if access_rules is not None else None)
    except sa.exc.IntegrityError:
        raise _app_cred_conflict(values['name'])


def get_app_cred(app_cred_id, with_secret=False):
    """The credential as a dict (with 'secret_hash' if asked), or None."""
    if not app_cred_id:
        return None
    with db.transaction() as s:
        row = s.get(models.ApplicationCredential, app_cred_id)
        if row is None:
            return None
        found = _app_cred_dict(row, _access_rules_of(s, [row.id]).get(row.id))
        if with_secret:
            found['secret_hash'] = row.secret_hash
        return found


def find_app_cred(user_id, name):
    with db.transaction() as s:
        row = s.scalars(sa.select(models.ApplicationCredential).where(
            models.ApplicationCredential.user_id == user_id,
            models.ApplicationCredential.name == name)).first()
    return get_app_cred(row.id, with_secret=True) if row is not None else None


def list_app_creds(user_id, name=None):
    query = sa.select(models.ApplicationCredential).where(
        models.ApplicationCredential.user_id == user_id)
    if name is not None:
        query = query.where(models.ApplicationCredential.name == name)
    with db.transaction() as s:
        rows = s.scalars(query.order_by(models.ApplicationCredential.name)).all()
        rules = _access_rules_of(s, [r.id for r in rows])
        return [_app_cred_dict(r, rules.get(r.id)) for r in rows]


def delete_app_cred(app_cred_id):
    with db.transaction() as s:
        row = s.get(models.ApplicationCredential, app_cred_id)
        if row is None:
            return False
        s.execute(sa.delete(models.ApplicationCredentialAccessRule).where(
            models.ApplicationCredentialAccessRule.application_credential_id == app_cred_id))
        s.delete(row)
        s.execute(sa.update(models.Token).where(models.Token.app_cred_id == app_cred_id)
                  .values(revoked=True))
    token_cache.clear()
    return True


def delete_for_user(user_id):
    """A deleted user's application credentials, access rules and credentials (Keystone
    deletes them with the user) and the trusts they are party to."""
    with db.transaction() as s:
        _delete_for_user(s, user_id)
    token_cache.clear()


def _delete_for_user(s, user_id):
    cred_ids = s.scalars(sa.select(models.ApplicationCredential.id).where(
        models.ApplicationCredential.user_id == user_id)).all()
    if cred_ids:
        s.execute(sa.delete(models.ApplicationCredentialAccessRule).where(
            models.ApplicationCredentialAccessRule.application_credential_id.in_(cred_ids)))
        s.execute(sa.delete(models.ApplicationCredential).where(
            models.ApplicationCredential.id.in_(cred_ids)))
    s.execute(sa.delete(models.AccessRule).where(models.AccessRule.user_id == user_id))
    s.execute(sa.delete(models.Credential).where(models.Credential.user_id == user_id))
    s.execute(sa.update(models.Trust).where(
        sa.or_(models.Trust.trustor_user_id == user_id,
               models.Trust.trustee_user_id == user_id),
        models.Trust.deleted_at.is_(None)).values(deleted_at=models.utcnow()))


# --------------------------------------------------------------------- access rules

def get_access_rule(rule_id, user_id):
    with db.transaction() as s:
        row = s.get(models.AccessRule, rule_id)
        if row is None or row.user_id != user_id:
            return None
        return _rule_dict(row)


def list_access_rules(user_id, service=None, path=None, method=None):
    query = sa.select(models.AccessRule).where(models.AccessRule.user_id == user_id)
    for column, value in ((models.AccessRule.service, service),
                          (models.AccessRule.path, path), (models.AccessRule.method, method)):
        if value is not None:
            query = query.where(column == value)
    with db.transaction() as s:
        return [_rule_dict(r) for r in s.scalars(query.order_by(
            models.AccessRule.service, models.AccessRule.path, models.AccessRule.method))]


def delete_access_rule(rule_id, user_id):
    """False when unknown; Keystone's 403 while an application credential uses it."""
    with db.transaction() as s:
        row = s.get(models.AccessRule, rule_id)
        if row is None or row.user_id != user_id:
            return False
        if s.scalars(sa.select(models.ApplicationCredentialAccessRule.access_rule_id).where(
                models.ApplicationCredentialAccessRule.access_rule_id == rule_id)).first():
            raise errors.ForbiddenNotSecurityDetail(detail='May not delete access rule in use')
        s.delete(row)
        return True


# --------------------------------------------------------------------- credentials

def create_credential(values):
    try:
        with db.transaction() as s:
            if s.get(models.Credential, values['id']) is not None:
                raise errors.Conflict(type='credential',
                                      details='Duplicate entry found with ID %s' % values['id'])
            row = models.Credential(**values)
            s.add(row)
            s.flush()
            return row
    except sa.exc.IntegrityError:
        raise errors.Conflict(type='credential',
                              details='Duplicate entry found with ID %s' % values['id'])


def get_credential(credential_id):
    if not credential_id:
        return None
    with db.transaction() as s:
        return s.get(models.Credential, credential_id)


def list_credentials(user_id=None, type=None):
    query = sa.select(models.Credential)
    if user_id is not None:
        query = query.where(models.Credential.user_id == user_id)
    if type is not None:
        query = query.where(models.Credential.type == type)
    with db.transaction() as s:
        return s.scalars(query.order_by(models.Credential.id)).all()


def update_credential(credential_id, values):
    return _update(models.Credential, credential_id, values)


def delete_credential(credential_id):
    return _delete(models.Credential, credential_id)


# --------------------------------------------------------------------- policies

def create_policy(values):
    with db.transaction() as s:
        row = models.IdentityPolicy(**values)
        s.add(row)
        s.flush()
        return row


def get_policy(policy_id):
    with db.transaction() as s:
        return s.get(models.IdentityPolicy, policy_id)


def list_policies(type=None):
    query = sa.select(models.IdentityPolicy)
    if type is not None:
        query = query.where(models.IdentityPolicy.type == type)
    with db.transaction() as s:
        return s.scalars(query.order_by(models.IdentityPolicy.id)).all()


def update_policy(policy_id, values):
    return _update(models.IdentityPolicy, policy_id, values)


def delete_policy(policy_id):
    return _delete(models.IdentityPolicy, policy_id)


def _update(model, row_id, values):
    """The row with ``values`` set, or None when there is no such row."""
    with db.transaction() as s:
        row = s.get(model, row_id)
        if row is None:
            return None
        for key, value in values.items():
            setattr(row, key, value)
        s.flush()
        return row


def _delete(model, row_id):
    """True when the row was there (and is gone now)."""
    with db.transaction() as s:
        row = s.get(model, row_id)
        if row is None:
            return False
        s.delete(row)
        return True
