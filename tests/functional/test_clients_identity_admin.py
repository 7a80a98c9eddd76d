"""Identity administration with the real clients: OSC and openstacksdk's identity proxy
against `novalite serve` -- groups, group and domain grants, effective assignments, regions,
services and endpoints; a user whose only role comes from a group boots a server."""
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.functional.conftest import openstack_command

pytestmark = pytest.mark.skipif(
    shutil.which('openstack', path=os.path.dirname(sys.executable)) is None
    and shutil.which('openstack') is None, reason='python-openstackclient not installed')


def _bin(name):
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.path.exists(path) else shutil.which(name)


def run(cloud, *args, cloud_name='novalite-admin', env=None, timeout=180, check=True):
    cmd = openstack_command() + ['--os-cloud', cloud_name] + list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env or cloud.env(),
                          timeout=timeout)
    if check:
        assert proc.returncode == 0, (cmd, proc.stdout, proc.stderr)
    return proc


def run_json(cloud, *args, **kwargs):
    return json.loads(run(cloud, *(list(args) + ['-f', 'json']), **kwargs).stdout)


def _clouds_with(cloud, tmp_path, name, username, project_name):
    """cloud.env() with a clouds.yaml that adds cloud `name` for username/project_name."""
    with open(cloud.clouds_yaml) as f:
        doc = yaml.safe_load(f)
    entry = json.loads(json.dumps(doc['clouds']['novalite']))
    entry['auth'].update(username=username, project_name=project_name,
                         user_domain_name='default', project_domain_name='DEFAULT')
    doc['clouds'][name] = entry
    path = tmp_path / 'clouds.yaml'
    path.write_text(yaml.safe_dump(doc))
    env = cloud.env()
    env['OS_CLIENT_CONFIG_FILE'] = str(path)
    return env, str(path)


def test_osc_groups_and_grants(cloud, tmp_path):
    group = run_json(cloud, 'group', 'create', '--domain', 'default', '--description',
                     'CI runners', 'osc-ci')
    assert group['name'] == 'osc-ci' and group['domain_id'] == 'default'
    user = run_json(cloud, 'user', 'create', '--domain', 'default', '--password', 'secret',
                    'osc-runner')
    run(cloud, 'group', 'add', 'user', 'osc-ci', 'osc-runner')
    out = run(cloud, 'group', 'contains', 'user', 'osc-ci', 'osc-runner').stdout
    assert 'osc-runner in group osc-ci' in out
    assert 'osc-ci' in [g['Name'] for g in run_json(cloud, 'group', 'list')]
    assert [g['Name'] for g in run_json(cloud, 'group', 'list', '--user', 'osc-runner')] == [
        'osc-ci']
    users = run_json(cloud, 'user', 'list', '--group', 'osc-ci')
    assert [u['Name'] for u in users] == ['osc-runner']

    # the group's role on the project is the user's only way in
    run(cloud, 'role', 'add', '--group', 'osc-ci', '--project', 'demo', 'member')
    run(cloud, 'role', 'add', '--user', 'osc-runner', '--domain', 'default', 'reader')
    rows = run_json(cloud, 'role', 'assignment', 'list', '--effective', '--names',
                    '--user', 'osc-runner')
    found = {(r['Role'], r['Project'], r['Domain']) for r in rows}
    assert ('member', 'demo@Default', '') in found
    assert ('reader', 'demo@Default', '') in found      # implied by member
    assert ('reader', '', 'Default') in found
    assert all(r['Group'] == '' for r in rows)
    rows = run_json(cloud, 'role', 'assignment', 'list', '--group', 'osc-ci', '--names')
    assert [(r['Role'], r['Group'], r['Project']) for r in rows] == [
        ('member', 'osc-ci@Default', 'demo@Default')]

    env, _ = _clouds_with(cloud, tmp_path, 'runner', 'osc-runner', 'demo')
    server = run_json(cloud, 'server', 'create', '--image', 'cirros', '--flavor', 'm1.nano',
                      '--network', 'private', '--wait', 'group-vm', cloud_name='runner',
                      env=env)
    assert server['status'] == 'ACTIVE'
    run(cloud, 'server', 'delete', '--wait', 'group-vm', cloud_name='runner', env=env)
    token = run_json(cloud, 'token', 'issue', cloud_name='runner', env=env)
    assert token['project_id'] and token['user_id'] == user['id']

    run(cloud, 'group', 'remove', 'user', 'osc-ci', 'osc-runner')
    proc = run(cloud, 'group', 'contains', 'user', 'osc-ci', 'osc-runner', check=False)
    assert 'not in group' in proc.stdout + proc.stderr
    proc = run(cloud, 'token', 'issue', cloud_name='runner', env=env, check=False)
    assert proc.returncode != 0
    run(cloud, 'group', 'delete', 'osc-ci')
    run(cloud, 'user', 'delete', 'osc-runner')
    assert 'osc-ci' not in [g['Name'] for g in run_json(cloud, 'group', 'list')]


def test_osc_domain_grant_and_domain_scoped_listing(cloud):
    domain = run_json(cloud, 'domain', 'create', 'osc-eng')
    run_json(cloud, 'project', 'create', '--domain', 'osc-eng', 'eng-tools')
    run_json(cloud, 'user', 'create', '--domain', 'osc-eng', '--password', 'secret', 'eng-bob')
    run(cloud, 'role', 'add', '--user', 'eng-bob', '--user-domain', 'osc-eng',
        '--domain', 'osc-eng', 'admin')
    projects = run_json(cloud, 'project', 'list', '--domain', 'osc-eng')
    assert [p['Name'] for p in projects] == ['eng-tools']
    rows = run_json(cloud, 'role', 'assignment', 'list', '--domain', 'osc-eng', '--names')
    assert [(r['Role'], r['User']) for r in rows] == [('admin', 'eng-bob@osc-eng')]
    # inexact filters reach the server (openstack project list has none: use the API)
    status, _, body = cloud.request('GET', '/identity/v3/projects?name__istartswith=ENG-',
                                    token='admin')
    assert status == 200 and [p['name'] for p in body['projects']] == ['eng-tools']
    run(cloud, 'domain', 'set', '--disable', domain['id'])
    run(cloud, 'domain', 'delete', domain['id'])


def test_osc_catalog(cloud):
    region = run_json(cloud, 'region', 'create', '--description', 'second site', 'OscTwo')
    assert region['region'] == 'OscTwo'
    shown = run_json(cloud, 'region', 'show', 'RegionOne')
    assert shown['region'] == 'RegionOne'
    service = run_json(cloud, 'service', 'create', '--name', 'designate', '--description',
                       'DNS', 'dns')
    assert service['type'] == 'dns' and service['enabled'] is True
    endpoint = run_json(cloud, 'endpoint', 'create', '--region', 'OscTwo', 'dns', 'public',
                        'http://dns.example:9001')
    assert endpoint['region'] == 'OscTwo' and endpoint['interface'] == 'public'
    listed = run_json(cloud, 'endpoint', 'list', '--service', 'dns', '--interface', 'public')
    assert [e['ID'] for e in listed] == [endpoint['id']]
    catalog = run_json(cloud, 'catalog', 'list')
    assert 'dns' in [c['Type'] for c in catalog]
    proc = run(cloud, 'region', 'delete', 'OscTwo', check=False)
    assert proc.returncode != 0
    run(cloud, 'endpoint', 'delete', endpoint['id'])
    run(cloud, 'service', 'delete', 'dns')
    run(cloud, 'region', 'delete', 'OscTwo')
    assert 'OscTwo' not in [r['Region'] for r in run_json(cloud, 'region', 'list')]
    # novalite's own services keep working: the demo user still lists servers
    run_json(cloud, 'server', 'list', cloud_name='novalite')


def test_openstacksdk_identity_proxy(cloud, monkeypatch):
    openstack = pytest.importorskip('openstack')
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', cloud.clouds_yaml)
    conn = openstack.connect(cloud='novalite-admin')
    try:
        identity = conn.identity
        group = identity.create_group(name='sdk-group', domain_id='default')
        user = identity.create_user(name='sdk-user', password='secret', domain_id='default')
        identity.add_user_to_group(user, group)
        assert identity.check_user_in_group(user, group)
        assert [u.id for u in identity.group_users(group)] == [user.id]
        project = identity.find_project('demo', domain_id='default')
        role = identity.find_role('member')
        identity.assign_project_role_to_group(project, group, role)
        assert identity.validate_group_has_project_role(project, group, role)
        assignments = list(identity.role_assignments(effective=True, user_id=user.id))
        assert {a.role['id'] for a in assignments} >= {role.id}
        assert [g.name for g in identity.groups(name='sdk-group')] == ['sdk-group']

        region = identity.create_region(id='SdkRegion', description='sdk')
        assert identity.get_region('SdkRegion').description == 'sdk'
        service = identity.create_service(type='sdk-svc', name='sdk', is_enabled=True)
        endpoint = identity.create_endpoint(service_id=service.id, interface='internal',
                                            url='http://sdk.example', region_id=region.id)
        found = list(identity.endpoints(service_id=service.id, interface='internal'))
        assert [e.id for e in found] == [endpoint.id]
        identity.update_endpoint(endpoint, url='http://sdk2.example')
        assert identity.get_endpoint(endpoint.id).url == 'http://sdk2.example'
        identity.delete_endpoint(endpoint)
        identity.delete_service(service)
        identity.delete_region(region)

        identity.unassign_project_role_from_group(project, group, role)
        assert not identity.validate_group_has_project_role(project, group, role)
        identity.remove_user_from_group(user, group)
        assert not identity.check_user_in_group(user, group)
        identity.delete_group(group)
        identity.delete_user(user)
        assert identity.find_group('sdk-group') is None
    finally:
        conn.close()
