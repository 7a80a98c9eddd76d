"""/v3/domains."""


def _create(identity, token, **domain):
    return identity.request('POST', '/v3/domains', token=token, body={'domain': domain})


def test_create_show_list(identity, admin_token):
    status, _, body = _create(identity, admin_token, name='dom1', description='first',
                              tags=['a'])
    assert status == 201
    domain = body['domain']
    assert domain['name'] == 'dom1' and domain['enabled'] is True
    assert domain['description'] == 'first' and domain['tags'] == ['a']
    assert domain['options'] == {}
    assert domain['links'] == {'self': 'http://localhost/identity/v3/domains/%s'
                               % domain['id']}
    status, _, body = identity.request('GET', '/v3/domains/%s' % domain['id'],
                                       token=admin_token)
    assert status == 200 and body['domain'] == domain
    _, _, body = identity.request('GET', '/v3/domains', token=admin_token)
    assert {d['name'] for d in body['domains']} == {'Default', 'dom1'}
    assert body['links'] == {'self': 'http://localhost/identity/v3/domains',
                             'previous': None, 'next': None}


def test_list_filters(identity, admin_token):
    _create(identity, admin_token, name='off', enabled=False)
    _, _, body = identity.request('GET', '/v3/domains?name=off', token=admin_token)
    assert [d['name'] for d in body['domains']] == ['off']
    assert body['links']['self'].endswith('/v3/domains?name=off')
    _, _, body = identity.request('GET', '/v3/domains?enabled=false', token=admin_token)
    assert [d['name'] for d in body['domains']] == ['off']
    _, _, body = identity.request('GET', '/v3/domains?enabled=true', token=admin_token)
    assert [d['name'] for d in body['domains']] == ['Default']


def test_explicit_domain_id(identity, admin_token):
    status, _, body = _create(identity, admin_token, name='x', explicit_domain_id='abc123')
    assert status == 201 and body['domain']['id'] == 'abc123'


def test_duplicate_name_is_409(identity, admin_token):
    _create(identity, admin_token, name='dup')
    status, _, body = _create(identity, admin_token, name='dup')
    assert status == 409
    assert body['error']['message'].startswith(
        'Conflict occurred attempting to store project - ')
    assert body['error']['title'] == 'Conflict'


def test_bad_bodies_are_400(identity, admin_token):
    for body in (None, {'domain': 'x'}, {'domain': {}}, {'domain': {'name': ''}},
                 {'domain': {'name': 'ok', 'enabled': 'yes'}}):
        status, _, resp = identity.request('POST', '/v3/domains', token=admin_token, body=body)
        assert status == 400, (body, resp)


def test_update(identity, admin_token):
    _, _, body = _create(identity, admin_token, name='before')
    domain_id = body['domain']['id']
    status, _, body = identity.request('PATCH', '/v3/domains/%s' % domain_id,
                                       token=admin_token,
                                       body={'domain': {'name': 'after', 'description': 'd'}})
    assert status == 200
    assert body['domain']['name'] == 'after' and body['domain']['description'] == 'd'
    status, _, _ = identity.request('PATCH', '/v3/domains/%s' % domain_id, token=admin_token,
                                    body={'domain': {'id': 'other'}})
    assert status == 400
    status, _, _ = identity.request('PATCH', '/v3/domains/nope', token=admin_token,
                                    body={'domain': {'name': 'z'}})
    assert status == 404


def test_delete_requires_disabled_and_cascades(identity, admin_token):
    _, _, body = _create(identity, admin_token, name='gone')
    domain_id = body['domain']['id']
    _, _, body = identity.request('POST', '/v3/projects', token=admin_token,
                                  body={'project': {'name': 'p', 'domain_id': domain_id}})
    project_id = body['project']['id']
    _, _, body = identity.request('POST', '/v3/users', token=admin_token,
                                  body={'user': {'name': 'u', 'domain_id': domain_id}})
    user_id = body['user']['id']
    status, _, body = identity.request('DELETE', '/v3/domains/%s' % domain_id,
                                       token=admin_token)
    assert status == 403
    assert body['error']['message'] == ('Cannot delete a domain that is enabled, please '
                                        'disable it first.')
    identity.request('PATCH', '/v3/domains/%s' % domain_id, token=admin_token,
                     body={'domain': {'enabled': False}})
    assert identity.request('DELETE', '/v3/domains/%s' % domain_id,
                            token=admin_token)[0] == 204
    for path in ('/v3/domains/%s' % domain_id, '/v3/projects/%s' % project_id,
                 '/v3/users/%s' % user_id):
        assert identity.request('GET', path, token=admin_token)[0] == 404


def test_unknown_domain_is_404(identity, admin_token):
    status, _, body = identity.request('GET', '/v3/domains/nope', token=admin_token)
    assert status == 404
    assert body['error']['message'] == 'Could not find domain: nope.'
    assert identity.request('DELETE', '/v3/domains/nope', token=admin_token)[0] == 404


def test_members_cannot_manage_domains(identity, demo_token, reader_token):
    assert identity.request('GET', '/v3/domains', token=demo_token)[0] == 403
    for token in (demo_token, reader_token):
        status, _, body = _create(identity, token, name='nope')
        assert status == 403
        assert body['error']['message'].endswith('identity:create_domain.')
    assert identity.request('PATCH', '/v3/domains/default', token=demo_token,
                            body={'domain': {'name': 'x'}})[0] == 403


def test_domain_scoped_token_sees_own_domain(identity, login):
    token = login('admin', domain={'id': 'default'})
    assert identity.request('GET', '/v3/domains/default', token=token)[0] == 200


def test_disabling_a_domain_invalidates_its_tokens(identity, admin_token, login):
    _, _, body = _create(identity, admin_token, name='corp')
    domain_id = body['domain']['id']
    _, _, body = identity.request('POST', '/v3/users', token=admin_token, body={
        'user': {'name': 'bob', 'password': 'pw', 'domain_id': domain_id}})
    token = login('bob', 'pw', user_domain='corp')
    assert identity.request('GET', '/v3/auth/projects', token=token)[0] == 200
    identity.request('PATCH', '/v3/domains/%s' % domain_id, token=admin_token,
                     body={'domain': {'enabled': False}})
    assert identity.request('GET', '/v3/auth/projects', token=token)[0] == 401
    status, _, _ = identity.request('POST', '/v3/auth/tokens', body={'auth': {'identity': {
        'methods': ['password'], 'password': {'user': {'id': body['user']['id'],
                                                       'password': 'pw'}}}}})
    assert status == 401
