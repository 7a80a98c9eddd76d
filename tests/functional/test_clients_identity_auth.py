"""Real clients against `novalite serve` for identity delegation: OSC application
credentials and a v3applicationcredential cloud that boots a server, access rules,
openstacksdk's identity proxy (application credentials, trusts, credentials, policies),
keystoneclient's token validation, and the tokens that must die (401)."""
import json
import os
import shutil
import subprocess
import sys
import textwrap
import uuid

import pytest

from tests.functional.conftest import openstack_command

UNAUTHORIZED = 'The request you have made requires authentication.'


def _bin(name):
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.path.exists(path) else shutil.which(name)


needs_osc = pytest.mark.skipif(_bin('openstack') is None,
                               reason='python-openstackclient not installed')


def osc(cloud, *args, cloud_name='novalite', env=None, check=True, timeout=240):
    cmd = openstack_command() + ['--os-cloud', cloud_name] + list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env or cloud.env(),
                          timeout=timeout)
    if check:
        assert proc.returncode == 0, (cmd, proc.stdout, proc.stderr)
    return proc


def osc_json(cloud, *args, **kwargs):
    return json.loads(osc(cloud, *(list(args) + ['-f', 'json']), **kwargs).stdout)


def app_cred_env(cloud, tmp_path, cred_id, secret):
    """An environment whose clouds.yaml holds one cloud, 'appcred', authenticating with
    an application credential (auth_type v3applicationcredential)."""
    path = tmp_path / ('clouds-%s.yaml' % uuid.uuid4().hex[:8])
    path.write_text(textwrap.dedent('''\
        clouds:
          appcred:
            auth_type: v3applicationcredential
            auth:
              auth_url: %s/identity
              application_credential_id: %s
              application_credential_secret: %s
            region_name: RegionOne
            identity_api_version: 3
            interface: public
        ''' % (cloud.url, cred_id, secret)))
    env = cloud.env()
    env['OS_CLIENT_CONFIG_FILE'] = str(path)
    return env


def app_cred_token(cloud, cred_id, secret):
    return cloud.request('POST', '/identity/v3/auth/tokens', token=None, body={'auth': {
        'identity': {'methods': ['application_credential'],
                     'application_credential': {'id': cred_id, 'secret': secret}}}})


@needs_osc
def test_osc_application_credential_boots_a_server(cloud, tmp_path):
    name = 'osc-ci-%s' % uuid.uuid4().hex[:6]
    created = osc_json(cloud, 'application', 'credential', 'create', name,
                       '--description', 'CI pipeline')
    assert created['Name'] == name and created['Secret']
    assert created['Project ID'] == cloud.token_body()['project']['id']
    listed = osc_json(cloud, 'application', 'credential', 'list')
    assert name in [c['Name'] for c in listed]
    shown = osc_json(cloud, 'application', 'credential', 'show', name)
    assert shown['ID'] == created['ID'] and not shown.get('Secret')

    env = app_cred_env(cloud, tmp_path, created['ID'], created['Secret'])
    server = osc_json(cloud, 'server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny',
                      '--network', 'private', '--wait', 'appcred-vm', cloud_name='appcred',
                      env=env)
    assert server['status'] == 'ACTIVE'
    assert '10.0.0.' in json.dumps(server['addresses'])
    osc(cloud, 'server', 'delete', '--wait', 'appcred-vm', cloud_name='appcred', env=env)
    assert 'appcred-vm' not in [s['Name'] for s in osc_json(cloud, 'server', 'list')]

    status, headers, _ = app_cred_token(cloud, created['ID'], created['Secret'])
    assert status == 201
    token = headers['X-Subject-Token']
    osc(cloud, 'application', 'credential', 'delete', name)
    assert name not in [c['Name'] for c in osc_json(cloud, 'application', 'credential',
                                                    'list')]
    status, _, body = cloud.request('GET', '/compute/v2.1/servers', token=token)
    assert status == 401
    assert app_cred_token(cloud, created['ID'], created['Secret'])[0] == 401
    proc = osc(cloud, 'server', 'list', cloud_name='appcred', env=env, check=False)
    assert proc.returncode != 0 and '401' in proc.stderr


@needs_osc
def test_access_rules_limit_the_services(cloud, tmp_path):
    rules = json.dumps([
        {'service': 'compute', 'method': 'GET', 'path': '/v2.1/servers'},
        {'service': 'compute', 'method': 'GET', 'path': '/v2.1/servers/detail'},
    ])
    name = 'list-only-%s' % uuid.uuid4().hex[:6]
    created = osc_json(cloud, 'application', 'credential', 'create', name,
                       '--access-rules', rules)
    env = app_cred_env(cloud, tmp_path, created['ID'], created['Secret'])
    servers = osc_json(cloud, 'server', 'list', '--no-name-lookup', cloud_name='appcred',
                       env=env)
    assert isinstance(servers, list)
    proc = osc(cloud, 'image', 'list', cloud_name='appcred', env=env, check=False)
    assert proc.returncode != 0 and '401' in proc.stderr, (proc.stdout, proc.stderr)
    status, headers, _ = app_cred_token(cloud, created['ID'], created['Secret'])
    token = headers['X-Subject-Token']
    assert cloud.request('GET', '/image/v2/images', token=token)[0] == 401
    assert cloud.request('GET', '/networking/v2.0/networks', token=token)[0] == 401
    assert cloud.request('GET', '/compute/v2.1/flavors', token=token)[0] == 401
    assert cloud.request('GET', '/compute/v2.1/servers', token=token)[0] == 200
    access = osc_json(cloud, 'access', 'rule', 'list')
    assert {('compute', '/v2.1/servers'), ('compute', '/v2.1/servers/detail')} <= {
        (r['Service'], r['Path']) for r in access}
    osc(cloud, 'application', 'credential', 'delete', name)


def _sdk(cloud, monkeypatch, name='novalite'):
    openstack = pytest.importorskip('openstack')
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    return openstack.connect(cloud=name)


def test_openstacksdk_identity_proxy(cloud, monkeypatch):
    demo = _sdk(cloud, monkeypatch)
    admin = _sdk(cloud, monkeypatch, 'novalite-admin')
    try:
        user_id = demo.current_user_id
        cred = demo.identity.create_application_credential(
            user_id, name='sdk-ci', roles=[{'name': 'reader'}])
        assert cred.secret and [r['name'] for r in cred.roles] == ['reader']
        found = demo.identity.find_application_credential(user_id, 'sdk-ci')
        assert found.id == cred.id
        assert cred.id in [c.id for c in demo.identity.application_credentials(user_id)]
        demo.identity.delete_application_credential(user_id, cred.id)
        assert demo.identity.find_application_credential(user_id, 'sdk-ci') is None

        trust = admin.identity.create_trust(
            trustor_user_id=admin.current_user_id, trustee_user_id=user_id,
            project_id=admin.current_project_id, impersonation=False,
            roles=[{'name': 'member'}])
        assert trust.trustee_user_id == user_id
        assert admin.identity.get_trust(trust.id).project_id == admin.current_project_id
        assert trust.id in [t.id for t in admin.identity.trusts()]
        admin.identity.delete_trust(trust.id)
        assert trust.id not in [t.id for t in admin.identity.trusts()]

        credential = demo.identity.create_credential(
            type='ec2', user_id=user_id, project_id=demo.current_project_id,
            blob=json.dumps({'access': 'sdk-%s' % uuid.uuid4().hex, 'secret': 's'}))
        assert credential.type == 'ec2'
        updated = demo.identity.update_credential(credential, blob=json.dumps(
            {'access': json.loads(credential.blob)['access'], 'secret': 'new'}))
        assert json.loads(updated.blob)['secret'] == 'new'
        assert credential.id in [c.id for c in demo.identity.credentials(type='ec2')]
        demo.identity.delete_credential(credential)

        policy = admin.identity.create_policy(type='application/json', blob='{}')
        assert policy.id in [p.id for p in admin.identity.policies()]
        admin.identity.delete_policy(policy)
    finally:
        demo.close()
        admin.close()


def test_keystoneclient_validates_and_revokes(cloud):
    client_mod = pytest.importorskip('keystoneclient.v3.client')
    session_mod = pytest.importorskip('keystoneauth1.session')
    identity_mod = pytest.importorskip('keystoneauth1.identity.v3')
    auth = identity_mod.Password(auth_url=cloud.url + '/identity/v3', username='admin',
                                 password='secret', project_name='admin',
                                 user_domain_name='Default', project_domain_name='Default')
    keystone = client_mod.Client(session=session_mod.Session(auth=auth))
    status, headers, _ = cloud.auth('demo', 'demo')
    subject = headers['X-Subject-Token']
    access = keystone.tokens.validate(subject)
    assert access.user_id == cloud.token_body()['user']['id']
    assert access.project_name == 'demo'
    data = keystone.tokens.get_token_data(subject, include_catalog=False, allow_expired=True)
    assert 'catalog' not in data['token']
    keystone.tokens.revoke_token(subject)
    from keystoneauth1 import exceptions
    with pytest.raises(exceptions.NotFound):
        keystone.tokens.validate(subject)
    assert cloud.request('GET', '/compute/v2.1/servers', token=subject)[0] == 401


def _admin(cloud):
    return cloud.token('admin')


def test_disabled_user_and_revoked_trust_tokens_are_401(cloud):
    admin = _admin(cloud)
    name = 'u-%s' % uuid.uuid4().hex[:6]
    status, _, body = cloud.request('POST', '/identity/v3/users', token=admin, body={
        'user': {'name': name, 'password': 'pw', 'domain_id': 'default'}})
    assert status == 201
    user_id = body['user']['id']
    demo_project = cloud.token_body()['project']['id']
    member = [r['id'] for r in cloud.token_body()['roles'] if r['name'] == 'member'][0]
    assert cloud.request('PUT', '/identity/v3/projects/%s/users/%s/roles/%s'
                         % (demo_project, user_id, member), token=admin)[0] == 204
    status, headers, _ = cloud.auth(name, 'demo', password='pw')
    user_token = headers['X-Subject-Token']
    # the user delegates to demo, then makes an application credential
    status, _, body = cloud.request('POST', '/identity/v3/OS-TRUST/trusts', token=user_token,
                                    body={'trust': {
                                        'trustor_user_id': user_id,
                                        'trustee_user_id': cloud.token_body()['user']['id'],
                                        'project_id': demo_project, 'impersonation': True,
                                        'roles': [{'name': 'member'}]}})
    assert status == 201, body
    trust_id = body['trust']['id']
    trust_auth = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
        'name': 'demo', 'domain': {'name': 'Default'}, 'password': 'secret'}}},
        'scope': {'OS-TRUST:trust': {'id': trust_id}}}}
    status, headers, body = cloud.request('POST', '/identity/v3/auth/tokens', token=None,
                                          body=trust_auth)
    assert status == 201 and body['token']['user']['id'] == user_id
    trust_token = headers['X-Subject-Token']
    assert cloud.request('GET', '/compute/v2.1/servers', token=trust_token)[0] == 200
    status, _, body = cloud.request(
        'POST', '/identity/v3/users/%s/application_credentials' % user_id, token=user_token,
        body={'application_credential': {'name': 'ci'}})
    cred = body['application_credential']
    _, headers, _ = app_cred_token(cloud, cred['id'], cred['secret'])
    cred_token = headers['X-Subject-Token']
    assert cloud.request('GET', '/image/v2/images', token=cred_token)[0] == 200

    # revoking the trust kills its token
    assert cloud.request('DELETE', '/identity/v3/OS-TRUST/trusts/%s' % trust_id,
                         token=user_token)[0] == 204
    status, _, body = cloud.request('GET', '/compute/v2.1/servers', token=trust_token)
    assert status == 401
    # disabling the user kills their tokens and their application credential's
    assert cloud.request('PATCH', '/identity/v3/users/%s' % user_id, token=admin,
                         body={'user': {'enabled': False}})[0] == 200
    for token in (user_token, cred_token):
        status, _, body = cloud.request('GET', '/networking/v2.0/networks', token=token)
        assert status == 401, body
    assert app_cred_token(cloud, cred['id'], cred['secret'])[0] == 401
    cloud.request('DELETE', '/identity/v3/users/%s' % user_id, token=admin)


def test_openstacksdk_validate_check_revoke(cloud, monkeypatch):
    admin = _sdk(cloud, monkeypatch, 'novalite-admin')
    try:
        status, headers, _ = cloud.auth('demo', 'demo')
        subject = headers['X-Subject-Token']
        token = admin.identity.validate_token(subject, nocatalog=True, allow_expired=True)
        assert token.user['name'] == 'demo' and token.project['name'] == 'demo'
        assert token.subject_token == subject and not token.catalog
        assert admin.identity.validate_token(subject).catalog
        assert admin.identity.check_token(subject) is True
        admin.identity.revoke_token(subject)
        assert admin.identity.check_token(subject) is False
        from openstack import exceptions
        with pytest.raises(exceptions.NotFoundException):
            admin.identity.validate_token(subject)
    finally:
        admin.close()


@needs_osc
def test_osc_trust_create_list_show_delete(cloud):
    trust = osc_json(cloud, 'trust', 'create', '--project', 'admin', '--role', 'member',
                     'admin', 'demo', cloud_name='novalite-admin')
    assert trust['project_id'] == cloud.token_body('admin')['project']['id']
    assert trust['is_impersonation'] is False
    listed = osc_json(cloud, 'trust', 'list', cloud_name='novalite-admin')
    assert trust['id'] in [t['ID'] for t in listed]
    shown = osc_json(cloud, 'trust', 'show', trust['id'], cloud_name='novalite-admin')
    assert shown['trustee_user_id'] == cloud.token_body()['user']['id']
    osc(cloud, 'trust', 'delete', trust['id'], cloud_name='novalite-admin')
    assert trust['id'] not in [t['ID'] for t in osc_json(cloud, 'trust', 'list',
                                                         cloud_name='novalite-admin')]
