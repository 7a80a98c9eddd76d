"""Ansible's openstack.cloud collection against a fresh all-in-one novalite (tox -e ansible).

site.yml builds keypair, security group + rule, network, subnet, router, port, image,
servers and floating IPs; a second run must report changed=0 for every task; teardown.yml
deletes it all, and the cloud is checked to hold nothing of it afterwards.
"""
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.functional.conftest import start_cloud
from tests.functional.conftest import stop_cloud

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = 'nl-ansible'
RECAP = re.compile(r'^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+'
                   r'failed=(\d+)\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)', re.M)


def _playbook_binary():
    path = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    if not os.path.exists(path):
        path = shutil.which('ansible-playbook')
    if not path:
        pytest.skip('ansible is not installed (tox -e ansible installs it)')
    return path


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    c = start_cloud(tmp_path_factory.mktemp('novalite-ansible'))
    yield c
    stop_cloud(c.process)


@pytest.fixture(scope='module')
def run(cloud, tmp_path_factory):
    work = tmp_path_factory.mktemp('ansible')
    image_file = work / 'image.raw'
    image_file.write_bytes(b'novalite ansible test image\n' * 64)
    env = cloud.env()
    env.update(ANSIBLE_HOME=str(work / 'home'), ANSIBLE_LOCAL_TEMP=str(work / 'tmp'),
               ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
               PYTHONWARNINGS='ignore')
    binary = _playbook_binary()

    def run(playbook):
        proc = subprocess.run(
            [binary, '-i', 'localhost,', os.path.join(HERE, playbook),
             '-e', 'image_file=%s' % image_file],
            env=env, cwd=str(work), capture_output=True, text=True, timeout=600)
        recap = {m.group(1): dict(zip(('ok', 'changed', 'unreachable', 'failed', 'skipped',
                                       'rescued', 'ignored'), map(int, m.groups()[1:])))
                 for m in RECAP.finditer(proc.stdout)}
        recap_lines = proc.stdout[proc.stdout.rfind('PLAY RECAP'):].strip()
        print('%s:\n%s' % (playbook, recap_lines))
        assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
        return recap['localhost'], proc.stdout
    return run


def _names(cloud, path, key):
    status, _, body = cloud.request('GET', path)
    assert status == 200, body
    return [item.get('name') for item in body[key]]


def _floating_ips(cloud):
    status, _, body = cloud.request('GET', '/networking/v2.0/floatingips')
    return body['floatingips'] if status == 200 else []


def test_playbook_builds_is_idempotent_and_tears_down(cloud, run):
    first, _ = run('site.yml')
    assert first['failed'] == 0 and first['changed'] == first['ok'] == 11, first

    status, _, body = cloud.request('GET', '/compute/v2.1/servers/detail')
    servers = {s['name']: s for s in body['servers']}
    for name in (PREFIX + '-vm', PREFIX + '-vm2'):
        assert servers[name]['status'] == 'ACTIVE'
        kinds = [a['OS-EXT-IPS:type'] for addrs in servers[name]['addresses'].values()
                 for a in addrs]
        assert kinds.count('floating') == 1, servers[name]['addresses']
    assert len(_floating_ips(cloud)) == 2

    second, output = run('site.yml')
    assert second['failed'] == 0 and second['changed'] == 0, output[-4000:]
    assert second['ok'] == first['ok']

    down, _ = run('teardown.yml')
    assert down['failed'] == 0 and down['changed'] == down['ok'] == 8, down
    leftovers = {
        'servers': [n for n in _names(cloud, '/compute/v2.1/servers', 'servers')
                    if n.startswith(PREFIX)],
        'keypairs': [k['keypair']['name'] for k in cloud.request(
            'GET', '/compute/v2.1/os-keypairs')[2]['keypairs']
            if k['keypair']['name'].startswith(PREFIX)],
        'images': [n for n in _names(cloud, '/image/v2/images', 'images')
                   if n and n.startswith(PREFIX)],
    }
    for kind in ('networks', 'subnets', 'ports', 'routers', 'security-groups'):
        key = kind.replace('-', '_')
        leftovers[kind] = [n for n in _names(cloud, '/networking/v2.0/' + kind, key)
                           if n and n.startswith(PREFIX)]
    leftovers['floatingips'] = [f['floating_ip_address'] for f in _floating_ips(cloud)]
    assert not any(leftovers.values()), leftovers
