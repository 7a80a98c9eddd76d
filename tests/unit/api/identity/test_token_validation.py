"""GET/HEAD/DELETE /v3/auth/tokens beyond the basics: ?allow_expired, delegated tokens,
keystoneclient's validate against the in-process identity app."""
import datetime

import sqlalchemy as sa

from novalite.db import models


def _expire(database, token, seconds_ago):
    from novalite.identity import tokens
    with database.transaction() as s:
        s.execute(sa.update(models.Token).where(models.Token.id_hash == tokens._hash(token))
                  .values(expires_at=models.utcnow() - datetime.timedelta(seconds=seconds_ago)))
    tokens.forget_cached()


def _get(identity, caller, subject, query='', method='GET'):
    return identity.request(method, '/v3/auth/tokens' + query, token=caller,
                            headers={'X-Subject-Token': subject})


def test_allow_expired_within_the_window(identity, database, conf, admin_token, login):
    victim = login('demo', project='demo')
    _expire(database, victim, 60)
    assert _get(identity, admin_token, victim)[0] == 404
    status, headers, body = _get(identity, admin_token, victim, '?allow_expired=1')
    assert status == 200 and headers['X-Subject-Token'] == victim
    assert body['token']['user']['name'] == 'demo'
    assert _get(identity, admin_token, victim, '?allow_expired=1', 'HEAD')[0] == 200
    assert _get(identity, admin_token, victim, '?allow_expired=0')[0] == 404
    # an expired token is no credential, whatever the query says
    assert identity.request('GET', '/v3/auth/projects?allow_expired=1', token=victim)[0] == 401
    conf.set_override('allow_expired_window', 30, group='identity')
    assert _get(identity, admin_token, victim, '?allow_expired=1')[0] == 404


def test_revoked_token_does_not_come_back_with_allow_expired(identity, admin_token, login):
    victim = login('demo', project='demo')
    assert identity.request('DELETE', '/v3/auth/tokens', token=admin_token,
                            headers={'X-Subject-Token': victim})[0] == 204
    status, _, body = _get(identity, admin_token, victim, '?allow_expired=1')
    assert status == 404 and body['error']['message'] == 'Could not find token: %s.' % victim


def test_service_user_validates(identity, cloud, conf, demo_token):
    from .fakes import password_auth
    _, headers, _ = identity.request('POST', '/v3/auth/tokens', body=password_auth(
        conf.service_user.username, conf.service_user.password, project='service'))
    status, _, body = _get(identity, headers['X-Subject-Token'], demo_token, '?nocatalog')
    assert status == 200 and 'catalog' not in body['token']


def test_app_cred_token_validates_with_its_entry(identity, cloud, admin_token, demo_token):
    _, _, body = identity.request(
        'POST', '/v3/users/%s/application_credentials' % cloud['demo_user_id'],
        token=demo_token, body={'application_credential': {'name': 'v'}})
    cred = body['application_credential']
    _, headers, _ = identity.request('POST', '/v3/auth/tokens', body={'auth': {'identity': {
        'methods': ['application_credential'],
        'application_credential': {'id': cred['id'], 'secret': cred['secret']}}}})
    token = headers['X-Subject-Token']
    status, _, body = _get(identity, admin_token, token)
    assert status == 200
    assert body['token']['application_credential']['id'] == cred['id']
    # the token may validate itself (Keystone: a token can always be validated)
    assert _get(identity, token, token)[0] == 200
