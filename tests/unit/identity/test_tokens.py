"""Tokens: random secrets stored hashed, expiring, revocable, with implied roles."""
import datetime

import sqlalchemy as sa

from novalite.db import models
from novalite.identity import tokens


def test_token_roles_and_revocation(make_token):
    secret, user_id, project_id = make_token('demo', 'admin')
    info = tokens.validate(secret)
    assert info['project']['id'] == project_id and info['user']['id'] == user_id
    assert {r['name'] for r in info['roles']} == {'admin'}  # implied roles must exist
    assert tokens.revoke(secret)
    assert tokens.validate(secret) is None
    assert not tokens.revoke(secret)


def test_implied_roles_are_expanded(make_token):
    make_token('demo', 'reader', user_name='r')
    make_token('demo', 'member', user_name='m')
    secret, _, _ = make_token('demo', 'admin', 'manager', user_name='a')
    names = {r['name'] for r in tokens.validate(secret)['roles']}
    assert names == {'admin', 'manager', 'member', 'reader'}


def test_only_the_hash_is_stored(make_token, database):
    secret, _, _ = make_token('demo', 'member')
    with database.transaction() as session:
        stored = session.scalars(sa.select(models.Token.id_hash)).all()
    assert secret not in stored
    assert tokens._hash(secret) in stored


def test_expired_tokens_are_refused(make_token, database, service_app):
    _, user_id, project_id = make_token('demo', 'member')
    past = models.utcnow() - datetime.timedelta(seconds=1)
    secret, info = tokens.issue(user_id, project_id=project_id, expires_at=past)
    assert info is None and tokens.validate(secret, cache_time=30) is None
    status, _, body = service_app('compute').request('GET', '/v2.1/servers', token=secret)
    assert status == 401 and body['unauthorized']['code'] == 401


def test_revoked_token_is_refused_even_when_cached(make_token, service_app):
    secret, _, _ = make_token('demo', 'member', 'reader')
    compute = service_app('compute')
    assert compute.request('GET', '/v2.1/servers', token=secret)[0] == 200  # now cached
    tokens.revoke(secret)
    assert compute.request('GET', '/v2.1/servers', token=secret)[0] == 401


def test_passwords_are_salted_hashes():
    a, b = tokens.hash_password('pw'), tokens.hash_password('pw')
    assert a != b and 'pw' not in a
    assert tokens.check_password('pw', a) and not tokens.check_password('nope', a)
    assert not tokens.check_password('pw', None) and not tokens.check_password('pw', 'junk')
