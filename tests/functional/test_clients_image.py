"""Image sharing with the real client (OSC over openstacksdk): the owner shares, the
consumer accepts and boots, the owner takes it back."""
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.functional.conftest import openstack_command
from tests.functional.test_image_sharing import make_user


def _bin(name):
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.path.exists(path) else shutil.which(name)


pytestmark = pytest.mark.skipif(_bin('openstack') is None,
                                reason='python-openstackclient not installed')


def osc(cloud, *args, cloud_name='novalite', clouds_yaml=None, check=True):
    env = cloud.env()
    if clouds_yaml:
        env['OS_CLIENT_CONFIG_FILE'] = clouds_yaml
    cmd = openstack_command() + ['--os-cloud', cloud_name] + list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
    if check:
        assert proc.returncode == 0, (cmd, proc.stdout, proc.stderr)
    return proc


def osc_json(cloud, *args, **kwargs):
    return json.loads(osc(cloud, *(list(args) + ['-f', 'json']), **kwargs).stdout)


@pytest.fixture(scope='module')
def consumer_cloud(cloud, tmp_path_factory):
    """(clouds.yaml with a ``consumer`` cloud, the consumer's project id)."""
    user = make_user(cloud, 'osc-consumer')
    with open(cloud.clouds_yaml) as f:
        config = yaml.safe_load(f)
    entry = json.loads(json.dumps(config['clouds']['novalite']))
    entry['auth'].update(username=user['name'], project_name=user['name'],
                         password=user['password'])
    config['clouds']['consumer'] = entry
    path = tmp_path_factory.mktemp('osc-consumer') / 'clouds.yaml'
    path.write_text(yaml.safe_dump(config))
    return str(path), user['project_id']


def test_osc_share_accept_and_unshare(cloud, consumer_cloud, tmp_path):
    """OSC for each sharing step; the checks in between go over HTTP (each OSC run costs
    seconds of start-up)."""
    clouds_yaml, consumer = consumer_cloud

    def as_consumer(*args, **kwargs):
        return osc(cloud, *args, cloud_name='consumer', clouds_yaml=clouds_yaml, **kwargs)

    def members():
        body = cloud.request('GET', '/image/v2/images/%s/members' % img['id'])[2]
        return [(m['member_id'], m['status']) for m in body['members']]

    data = tmp_path / 'disk.raw'
    data.write_bytes(b'osc shared image\n' * 32)
    img = osc_json(cloud, 'image', 'create', '--private', '--disk-format', 'raw',
                   '--container-format', 'bare', '--file', str(data), 'osc-shared-img')
    assert img['visibility'] == 'private' and img['status'] == 'active'
    # a member on a private image: Glance's 403
    proc = osc(cloud, 'image', 'add', 'project', img['id'], consumer, check=False)
    assert proc.returncode != 0 and 'ForbiddenException: 403' in proc.stderr
    status, _, _ = cloud.request('GET', '/image/v2/images/%s/members' % img['id'])
    assert status == 403     # private: no members at all
    osc(cloud, 'image', 'set', '--shared', img['id'])
    assert cloud.request('GET', '/image/v2/images/%s' % img['id'])[2]['visibility'] == 'shared'

    member = osc_json(cloud, 'image', 'add', 'project', img['id'], consumer)
    assert member['status'] == 'pending'
    listed = osc_json(cloud, 'image', 'member', 'list', img['id'])
    assert [(m['Member ID'], m['Status']) for m in listed] == [(consumer, 'pending')]

    # the consumer accepts (no --project: its own membership) and then lists it
    as_consumer('image', 'set', '--accept', img['id'])
    assert members() == [(consumer, 'accepted')]
    listed = json.loads(as_consumer('image', 'list', '-f', 'json').stdout)
    assert img['id'] in [i['ID'] for i in listed]
    # the owner cannot reject on the consumer's behalf (--project names the member)
    proc = osc(cloud, 'image', 'set', '--reject', '--project', consumer, img['id'],
               check=False)
    assert proc.returncode != 0 and 'ForbiddenException: 403' in proc.stderr
    assert members() == [(consumer, 'accepted')]

    osc(cloud, 'image', 'remove', 'project', img['id'], consumer)
    assert members() == []
    cloud.request('DELETE', '/image/v2/images/%s' % img['id'])
