"""/v3/credentials, /v3/users/{id}/credentials/OS-EC2 and /v3/policies."""
import hashlib
import json


def _cred(cloud, **overrides):
    cred = {'type': 'cert', 'blob': 'PEM...', 'user_id': cloud['demo_user_id']}
    cred.update(overrides)
    return {'credential': cred}


def test_crud_and_filters(identity, cloud, demo_token, admin_token):
    status, _, body = identity.request('POST', '/v3/credentials', token=demo_token,
                                       body=_cred(cloud))
    assert status == 201, body
    cred = body['credential']
    assert cred['blob'] == 'PEM...' and cred['type'] == 'cert' and cred['project_id'] is None
    assert cred['links']['self'].endswith('/v3/credentials/%s' % cred['id'])
    blob = json.dumps({'access': 'AKIA1', 'secret': 's3'})
    status, _, body = identity.request('POST', '/v3/credentials', token=admin_token, body=_cred(
        cloud, type='ec2', blob=blob, project_id=cloud['demo_project_id']))
    assert status == 201
    assert body['credential']['id'] == hashlib.sha256(b'AKIA1').hexdigest()
    _, _, listed = identity.request('GET', '/v3/credentials?type=ec2', token=demo_token)
    assert [c['type'] for c in listed['credentials']] == ['ec2']
    _, _, listed = identity.request('GET', '/v3/credentials', token=demo_token)
    assert len(listed['credentials']) == 2
    _, _, listed = identity.request('GET', '/v3/credentials?user_id=%s'
                                    % cloud['admin_user_id'], token=admin_token)
    assert listed['credentials'] == []
    status, _, body = identity.request('PATCH', '/v3/credentials/%s' % cred['id'],
                                       token=demo_token,
                                       body={'credential': {'blob': 'NEW'}})
    assert status == 200 and body['credential']['blob'] == 'NEW'
    assert identity.request('GET', '/v3/credentials/%s' % cred['id'],
                            token=demo_token)[2]['credential']['blob'] == 'NEW'
    assert identity.request('DELETE', '/v3/credentials/%s' % cred['id'],
                            token=demo_token)[0] == 204
    status, _, body = identity.request('GET', '/v3/credentials/%s' % cred['id'],
                                       token=admin_token)
    assert status == 404 and body['error']['message'] == \
        'Could not find credential: %s.' % cred['id']


def test_errors_and_policies(identity, cloud, demo_token, admin_token, reader_token):
    def post(token, **overrides):
        return identity.request('POST', '/v3/credentials', token=token,
                                body=_cred(cloud, **overrides))
    assert post(demo_token, user_id=cloud['admin_user_id'])[0] == 403
    status, _, body = post(demo_token, type='ec2', blob='{"access": "k"}')
    assert status == 400 and 'project_id' in body['error']['message']
    status, _, body = post(demo_token, type='ec2', blob='not json',
                           project_id=cloud['demo_project_id'])
    assert status == 400 and body['error']['message'] == 'Invalid blob in credential'
    assert post(demo_token, type='ec2', blob='{"secret": "x"}',
                project_id=cloud['demo_project_id'])[0] == 400
    assert post(demo_token, blob=None)[0] == 400
    ec2 = dict(type='ec2', blob='{"access": "dup"}', project_id=cloud['demo_project_id'])
    assert post(demo_token, **ec2)[0] == 201
    assert post(demo_token, **ec2)[0] == 409
    _, _, body = post(admin_token, user_id=cloud['admin_user_id'])
    admin_cred = body['credential']['id']
    assert identity.request('GET', '/v3/credentials/%s' % admin_cred,
                            token=demo_token)[0] == 403
    assert identity.request('DELETE', '/v3/credentials/%s' % admin_cred,
                            token=reader_token)[0] == 403
    _, _, listed = identity.request('GET', '/v3/credentials', token=demo_token)
    assert admin_cred not in [c['id'] for c in listed['credentials']]


def test_os_ec2(identity, cloud, demo_token, admin_token):
    base = '/v3/users/%s/credentials/OS-EC2' % cloud['demo_user_id']
    status, _, body = identity.request('POST', base, token=demo_token,
                                       body={'tenant_id': cloud['demo_project_id']})
    assert status == 201, body
    cred = body['credential']
    assert cred['tenant_id'] == cloud['demo_project_id'] and cred['trust_id'] is None
    assert cred['user_id'] == cloud['demo_user_id'] and cred['access'] and cred['secret']
    assert cred['links']['self'].endswith('%s/%s' % (base, cred['access']))
    _, _, listed = identity.request('GET', base, token=demo_token)
    assert [c['access'] for c in listed['credentials']] == [cred['access']]
    status, _, shown = identity.request('GET', base + '/' + cred['access'], token=demo_token)
    assert status == 200 and shown['credential']['secret'] == cred['secret']
    # the v3 credential API shows it, id = sha256(access)
    status, _, v3 = identity.request('GET', '/v3/credentials/%s' % hashlib.sha256(
        cred['access'].encode()).hexdigest(), token=demo_token)
    assert status == 200 and v3['credential']['type'] == 'ec2'
    assert identity.request('POST', base, token=demo_token,
                            body={'tenant_id': 'nope'})[0] == 404
    assert identity.request('POST', base, token=demo_token, body={})[0] == 400
    other = '/v3/users/%s/credentials/OS-EC2' % cloud['admin_user_id']
    assert identity.request('POST', other, token=demo_token,
                            body={'tenant_id': cloud['demo_project_id']})[0] == 403
    assert identity.request('GET', base + '/unknown', token=demo_token)[0] == 401
    assert identity.request('DELETE', base + '/' + cred['access'], token=demo_token)[0] == 204
    assert identity.request('GET', base + '/' + cred['access'], token=demo_token)[0] == 401


def test_policies_admin_only(identity, admin_token, demo_token):
    body = {'policy': {'type': 'application/json', 'blob': '{"default": ""}'}}
    assert identity.request('POST', '/v3/policies', token=demo_token, body=body)[0] == 403
    status, _, created = identity.request('POST', '/v3/policies', token=admin_token, body=body)
    assert status == 201
    policy = created['policy']
    assert policy['type'] == 'application/json' and policy['blob'] == '{"default": ""}'
    _, _, listed = identity.request('GET', '/v3/policies?type=application/json',
                                    token=admin_token)
    assert [p['id'] for p in listed['policies']] == [policy['id']]
    status, _, updated = identity.request('PATCH', '/v3/policies/' + policy['id'],
                                          token=admin_token,
                                          body={'policy': {'blob': '{}'}})
    assert status == 200 and updated['policy']['blob'] == '{}'
    assert identity.request('PATCH', '/v3/policies/' + policy['id'], token=admin_token,
                            body={'policy': {}})[0] == 400
    assert identity.request('POST', '/v3/policies', token=admin_token,
                            body={'policy': {'type': 'x'}})[0] == 400
    assert identity.request('GET', '/v3/policies/' + policy['id'],
                            token=demo_token)[0] == 403
    assert identity.request('DELETE', '/v3/policies/' + policy['id'],
                            token=admin_token)[0] == 204
    status, _, body = identity.request('GET', '/v3/policies/' + policy['id'],
                                       token=admin_token)
    assert status == 404 and body['error']['message'] == \
        'Could not find policy: %s.' % policy['id']


def test_deleting_the_user_deletes_their_secrets(identity, cloud, demo_token, admin_token):
    _, _, body = identity.request('POST', '/v3/credentials', token=demo_token,
                                  body=_cred(cloud))
    cred_id = body['credential']['id']
    _, _, body = identity.request(
        'POST', '/v3/users/%s/application_credentials' % cloud['demo_user_id'],
        token=demo_token, body={'application_credential': {'name': 'gone'}})
    app_cred_id = body['application_credential']['id']
    assert identity.request('DELETE', '/v3/users/%s' % cloud['demo_user_id'],
                            token=admin_token)[0] == 204
    assert identity.request('GET', '/v3/credentials/%s' % cred_id,
                            token=admin_token)[0] == 404
    assert identity.request('GET', '/v3/users/%s/application_credentials/%s'
                            % (cloud['demo_user_id'], app_cred_id),
                            token=admin_token)[0] == 404
