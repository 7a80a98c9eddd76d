"""/v3/OS-TRUST/trusts and trust-scoped tokens."""
import datetime

import pytest

from .fakes import password_auth

TRUSTS = '/v3/OS-TRUST/trusts'


def _trust(cloud, **overrides):
    trust = {'trustor_user_id': cloud['admin_user_id'],
             'trustee_user_id': cloud['demo_user_id'],
             'project_id': cloud['admin_project_id'], 'impersonation': False,
             'roles': [{'name': 'member'}]}
    trust.update(overrides)
    return {'trust': trust}


def _trust_auth(trust_id, user='demo'):
    auth = password_auth(user)
    auth['auth']['scope'] = {'OS-TRUST:trust': {'id': trust_id}}
    return auth


@pytest.fixture
def trust(identity, cloud, admin_token):
    status, _, body = identity.request('POST', TRUSTS, token=admin_token, body=_trust(cloud))
    assert status == 201, body
    return body['trust']


def test_create_shape(trust, cloud):
    assert trust['trustor_user_id'] == cloud['admin_user_id']
    assert trust['trustee_user_id'] == cloud['demo_user_id']
    assert trust['project_id'] == cloud['admin_project_id']
    assert trust['impersonation'] is False and trust['allow_redelegation'] is False
    assert trust['remaining_uses'] is None and trust['expires_at'] is None
    assert [r['name'] for r in trust['roles']] == ['member']
    assert trust['links']['self'].endswith('/v3/OS-TRUST/trusts/%s' % trust['id'])
    assert trust['roles_links']['self'].endswith('/roles')


def test_create_errors(identity, cloud, admin_token, demo_token):
    def post(token, **overrides):
        return identity.request('POST', TRUSTS, token=token, body=_trust(cloud, **overrides))
    status, _, body = post(demo_token)  # demo is not the trustor
    assert status == 403
    status, _, body = post(admin_token, trustor_user_id=cloud['demo_user_id'])
    assert status == 403
    status, _, body = post(admin_token, roles=[])
    assert status == 403 and 'At least one role should be specified' in \
        body['error']['message']
    status, _, body = post(admin_token, trustee_user_id='nobody')
    assert status == 404 and body['error']['message'] == 'Could not find user: nobody.'
    status, _, body = post(admin_token, roles=[{'name': 'service'}])
    assert status == 404  # the trustor does not hold it on the project
    status, _, body = post(admin_token, impersonation='yes')
    assert status == 400 and body['error']['title'] == 'Bad Request'
    status, _, body = post(admin_token, remaining_uses=0)
    assert status == 400
    status, _, body = post(admin_token, expires_at='2000-01-01T00:00:00Z')
    assert status == 400
    _, _, listed = identity.request('GET', TRUSTS, token=admin_token)
    assert listed['trusts'] == []


def test_list_show_roles(identity, cloud, admin_token, demo_token, reader_token, trust):
    _, _, listed = identity.request('GET', TRUSTS, token=admin_token)
    assert [t['id'] for t in listed['trusts']] == [trust['id']]
    assert 'roles' not in listed['trusts'][0]
    status, _, _ = identity.request('GET', TRUSTS, token=demo_token)
    assert status == 403
    status, _, listed = identity.request(
        'GET', TRUSTS + '?trustee_user_id=%s' % cloud['demo_user_id'], token=demo_token)
    assert status == 200 and [t['id'] for t in listed['trusts']] == [trust['id']]
    status, _, _ = identity.request(
        'GET', TRUSTS + '?trustor_user_id=%s' % cloud['admin_user_id'], token=demo_token)
    assert status == 403
    status, _, shown = identity.request('GET', TRUSTS + '/' + trust['id'], token=demo_token)
    assert status == 200 and shown['trust']['id'] == trust['id']
    assert identity.request('GET', TRUSTS + '/' + trust['id'], token=reader_token)[0] == 403
    status, _, roles = identity.request('GET', TRUSTS + '/%s/roles' % trust['id'],
                                        token=demo_token)
    assert [r['name'] for r in roles['roles']] == ['member']
    role_id = roles['roles'][0]['id']
    assert identity.request('GET', TRUSTS + '/%s/roles/%s' % (trust['id'], role_id),
                            token=demo_token)[0] == 200
    assert identity.request('HEAD', TRUSTS + '/%s/roles/%s' % (trust['id'], role_id),
                            token=demo_token)[0] == 200
    assert identity.request('GET', TRUSTS + '/%s/roles/%s' % (trust['id'],
                                                              cloud['admin_role_id']),
                            token=demo_token)[0] == 404
    status, _, body = identity.request('GET', TRUSTS + '/nope', token=admin_token)
    assert status == 404 and body['error']['message'] == 'Could not find trust: nope.'


def test_trust_scoped_token(identity, cloud, trust):
    status, headers, body = identity.request('POST', '/v3/auth/tokens',
                                             body=_trust_auth(trust['id']))
    assert status == 201, body
    token = body['token']
    assert token['OS-TRUST:trust'] == {'id': trust['id'],
                                       'trustor_user': {'id': cloud['admin_user_id']},
                                       'trustee_user': {'id': cloud['demo_user_id']},
                                       'impersonation': False}
    assert token['user']['id'] == cloud['demo_user_id']
    assert token['project']['id'] == cloud['admin_project_id']
    assert {r['name'] for r in token['roles']} == {'member', 'reader'}
    # only the trustee may use it
    status, _, _ = identity.request('POST', '/v3/auth/tokens',
                                    body=_trust_auth(trust['id'], user='admin'))
    assert status == 403
    # and the token cannot be rescoped
    rescope = {'auth': {'identity': {'methods': ['token'],
                                     'token': {'id': headers['X-Subject-Token']}},
                        'scope': {'project': {'id': cloud['admin_project_id']}}}}
    assert identity.request('POST', '/v3/auth/tokens', body=rescope)[0] == 403


def test_impersonation_and_remaining_uses(identity, cloud, admin_token):
    status, _, body = identity.request('POST', TRUSTS, token=admin_token,
                                       body=_trust(cloud, impersonation=True,
                                                   remaining_uses=1))
    assert status == 201
    trust_id = body['trust']['id']
    status, _, body = identity.request('POST', '/v3/auth/tokens', body=_trust_auth(trust_id))
    assert status == 201
    assert body['token']['user']['id'] == cloud['admin_user_id']
    assert body['token']['OS-TRUST:trust']['impersonation'] is True
    status, _, body = identity.request('POST', '/v3/auth/tokens', body=_trust_auth(trust_id))
    assert status == 404  # used up


def test_expiry_caps_token(identity, cloud, admin_token):
    soon = datetime.datetime.utcnow() + datetime.timedelta(minutes=3)
    stamp = soon.strftime('%Y-%m-%dT%H:%M:%S')
    _, _, body = identity.request('POST', TRUSTS, token=admin_token,
                                  body=_trust(cloud, expires_at=stamp + 'Z'))
    assert body['trust']['expires_at'].startswith(stamp)
    _, _, body = identity.request('POST', '/v3/auth/tokens',
                                  body=_trust_auth(body['trust']['id']))
    assert body['token']['expires_at'].startswith(stamp)


def test_delete_revokes_tokens(identity, cloud, admin_token, demo_token, trust):
    _, headers, _ = identity.request('POST', '/v3/auth/tokens', body=_trust_auth(trust['id']))
    token = headers['X-Subject-Token']
    assert identity.request('GET', '/v3/auth/projects', token=token)[0] == 200
    # the trustee may not delete it, the trustor may
    assert identity.request('DELETE', TRUSTS + '/' + trust['id'], token=demo_token)[0] == 403
    assert identity.request('DELETE', TRUSTS + '/' + trust['id'], token=admin_token)[0] == 204
    assert identity.request('GET', '/v3/auth/projects', token=token)[0] == 401
    assert identity.request('POST', '/v3/auth/tokens',
                            body=_trust_auth(trust['id']))[0] == 404
    assert identity.request('GET', TRUSTS + '/' + trust['id'], token=admin_token)[0] == 404


def test_disabled_trustor_invalidates(identity, cloud, admin_token, login, trust):
    _, headers, _ = identity.request('POST', '/v3/auth/tokens', body=_trust_auth(trust['id']))
    token = headers['X-Subject-Token']
    # a second admin disables the trustor
    from novalite.db import identity as db
    db.update_user(cloud['admin_user_id'], {'enabled': False})
    assert identity.request('GET', '/v3/auth/projects', token=token)[0] == 401
    assert identity.request('POST', '/v3/auth/tokens',
                            body=_trust_auth(trust['id']))[0] == 403


def test_app_cred_token_cannot_manage_trusts(identity, cloud, admin_token):
    status, _, body = identity.request(
        'POST', '/v3/users/%s/application_credentials' % cloud['admin_user_id'],
        token=admin_token, body={'application_credential': {'name': 'x',
                                                            'unrestricted': True}})
    cred = body['application_credential']
    auth = {'auth': {'identity': {'methods': ['application_credential'],
                                  'application_credential': {'id': cred['id'],
                                                             'secret': cred['secret']}}}}
    _, headers, _ = identity.request('POST', '/v3/auth/tokens', body=auth)
    status, _, body = identity.request('POST', TRUSTS, token=headers['X-Subject-Token'],
                                       body=_trust(cloud))
    assert status == 403 and 'not allowed for managing trusts' in body['error']['message']
