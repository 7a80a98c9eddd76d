"""Run Tempest's compute API tests against a fresh all-in-one novalite.

    python tests/tempest/run.py                                   # the must-pass list
    python tests/tempest/run.py --regex '^tempest\\.api\\.compute\\.'   # the full report
    python tests/tempest/run.py --dynamic --regex ...             # dynamic credentials

Steps: start ``novalite serve`` on a free loopback port with its own state directory;
create through the identity API the pre-provisioned accounts (demo/member, alt_demo/member in
another project, a reader and a manager in each of the two projects, admin/admin;
one more such set per extra worker); upload a second image through the image API; give each
extra project its own ``private-<project>`` network through the network API (one network
named ``private``, fixed_network_name, as in a real cloud: an admin lists them all); write
tempest.conf and accounts.yaml (features switched on from what novalite serves,
microversions from the versions document); run ``tempest run``; print
passed/failed/skipped and write ``results.json`` (test id -> status) in the work directory.
Exit status: tempest's (non-zero when a selected test failed).
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import warnings

import requests
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PASSWORD = 'secret'
TIMEOUT = 60


# ----------------------------------------------------------------------------- the cloud
def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_cloud(state_dir, python):
    port = free_port()
    conf = os.path.join(state_dir, 'novalite.conf')
    with open(conf, 'w') as f:
        f.write(textwrap.dedent('''\
            [DEFAULT]
            debug = false
            '''))
    log = open(os.path.join(state_dir, 'serve.log'), 'ab')
    env = dict(os.environ, NOVALITE_STATE_DIR=state_dir)
    process = subprocess.Popen(
        [python, '-m', 'novalite.cmd.serve', 'serve', '--host', '127.0.0.1', '--port',
         str(port), '--state-dir', state_dir, '--config-file', conf],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True, cwd=REPO)
    url = 'http://127.0.0.1:%d' % port
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit('novalite serve exited with %s; see %s/serve.log'
                     % (process.returncode, state_dir))
        try:
            if requests.get(url + '/identity', timeout=2).status_code == 300:
                return url, process
        except (requests.ConnectionError, requests.Timeout):
            pass  # not listening yet, or the first request still loading the pipeline
        time.sleep(0.2)
    stop(process)
    sys.exit('novalite serve did not answer within 120 s')


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(15)


class Client:
    """Just enough of the identity, image, network and compute APIs to provision."""

    def __init__(self, url):
        self.url = url
        self.http = requests.Session()
        self.token = self.authenticate('admin', 'admin')

    def authenticate(self, user, project, password=PASSWORD):
        body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'id': 'default'}, 'password': password}}},
            'scope': {'project': {'name': project, 'domain': {'id': 'default'}}}}}
        resp = self.http.post(self.url + '/identity/v3/auth/tokens', json=body,
                              timeout=TIMEOUT)
        assert resp.status_code == 201, resp.text
        return resp.headers['X-Subject-Token']

    def call(self, method, path, body=None, expect=(200,), token=None, **kwargs):
        headers = kwargs.pop('headers', {})
        headers['X-Auth-Token'] = token or self.token
        resp = self.http.request(method, self.url + path, json=body, headers=headers,
                                 timeout=TIMEOUT, **kwargs)
        if resp.status_code not in expect:
            raise RuntimeError('%s %s -> %s %s' % (method, path, resp.status_code, resp.text))
        return resp.json() if resp.content and 'json' in resp.headers.get(
            'Content-Type', '') else resp.content

    def find(self, collection, name):
        items = self.call('GET', '/identity/v3/%s?name=%s' % (collection, name))[collection]
        return items[0]['id'] if items else None

    def project(self, name):
        return self.find('projects', name) or self.call(
            'POST', '/identity/v3/projects', {'project': {
                'name': name, 'domain_id': 'default', 'description': 'tempest'}},
            expect=(201,))['project']['id']

    def user(self, name, project_id):
        return self.find('users', name) or self.call(
            'POST', '/identity/v3/users', {'user': {
                'name': name, 'password': PASSWORD, 'domain_id': 'default',
                'default_project_id': project_id}}, expect=(201,))['user']['id']

    def grant(self, project_id, user_id, role):
        role_id = self.find('roles', role)
        self.call('PUT', '/identity/v3/projects/%s/users/%s/roles/%s'
                  % (project_id, user_id, role_id), expect=(204,))

    def network(self, name, token, cidr, public_id):
        """The project's network and subnet, and (as router1 for demo) a router with its
        gateway on ``public`` and an interface on the subnet, so floating IPs reach it."""
        nets = self.call('GET', '/networking/v2.0/networks?name=%s' % name,
                         token=token)['networks']
        if nets:
            return nets[0]['id']
        net = self.call('POST', '/networking/v2.0/networks', {'network': {'name': name}},
                        token=token, expect=(201,))['network']
        subnet = self.call('POST', '/networking/v2.0/subnets', {'subnet': {
            'network_id': net['id'], 'ip_version': 4, 'cidr': cidr,
            'name': name + '-subnet'}}, token=token, expect=(201,))['subnet']
        router = self.call('POST', '/networking/v2.0/routers', {'router': {
            'name': name + '-router', 'external_gateway_info': {'network_id': public_id}}},
            token=token, expect=(201,))['router']
        self.call('PUT', '/networking/v2.0/routers/%s/add_router_interface' % router['id'],
                  {'subnet_id': subnet['id']}, token=token)
        return net['id']

    def image_alt(self, source_id):
        """A second image (image_ref_alt): the cirros bytes uploaded again."""
        images = self.call('GET', '/image/v2/images?name=cirros-alt')['images']
        if images:
            return images[0]['id']
        src = self.call('GET', '/image/v2/images/%s' % source_id)
        image = self.call('POST', '/image/v2/images', {
            'name': 'cirros-alt', 'disk_format': src['disk_format'],
            'container_format': src['container_format'], 'visibility': 'public'},
            expect=(201,))
        data = self.http.get(self.url + '/image/v2/images/%s/file' % source_id,
                             headers={'X-Auth-Token': self.token}, timeout=TIMEOUT).content
        resp = self.http.put(self.url + '/image/v2/images/%s/file' % image['id'], data=data,
                             headers={'X-Auth-Token': self.token,
                                      'Content-Type': 'application/octet-stream'},
                             timeout=TIMEOUT)
        if resp.status_code != 204:
            raise RuntimeError('image upload -> %s %s' % (resp.status_code, resp.text))
        return image['id']


def _network(project):
    """The network of a pre-provisioned project: the seeded demo project's is ``private``
    (fixed_network_name); each other project's has its own name, so that ``private`` is one
    network even to an admin, who sees every project's."""
    return 'private' if project == 'demo' else 'private-' + project


def provision(url, workers):
    """Accounts (one set per worker), images, networks; returns what tempest.conf needs."""
    client = Client(url)
    admin_project = client.find('projects', 'admin')
    accounts, members, others = [], [], []
    for i in range(1, workers + 1):
        suffix = '' if i == 1 else str(i)
        demo_project = client.project('demo' + suffix)
        alt_project = client.project('alt_demo' + suffix)
        for name, project, project_id, role, bucket in (
                ('demo', 'demo', demo_project, 'member', members),
                ('alt_demo', 'alt_demo', alt_project, 'member', members),
                ('demo_reader', 'demo', demo_project, 'reader', others),
                ('demo_manager', 'demo', demo_project, 'manager', others),
                # a primary taken from alt_demo (when the other worker holds demo) needs
                # its project's reader and manager too
                ('alt_demo_reader', 'alt_demo', alt_project, 'reader', others),
                ('alt_demo_manager', 'alt_demo', alt_project, 'manager', others)):
            user_id = client.user(name + suffix, project_id)
            client.grant(project_id, user_id, role)
            bucket.append({'username': name + suffix, 'project_name': project + suffix,
                           'password': PASSWORD, 'domain_name': 'Default', 'roles': [role],
                           'resources': {'network': _network(project + suffix)}})
        admin_name = 'admin' + suffix
        admin_id = client.user(admin_name, admin_project)
        client.grant(admin_project, admin_id, 'admin')
        others.append({'username': admin_name, 'project_name': 'admin', 'password': PASSWORD,
                       'domain_name': 'Default', 'roles': ['admin'], 'types': ['admin']})
    # Members first: tempest's alt credentials are the first free account of any role, and
    # must be in another project than the primary's.
    accounts = members + others
    public = client.call('GET', '/networking/v2.0/networks?name=public')['networks'][0]['id']
    cidr = 0
    for account in members:
        if account['project_name'] == 'demo':
            continue  # the seeded demo project already has 'private'
        cidr += 1
        token = client.authenticate(account['username'], account['project_name'])
        client.network(_network(account['project_name']), token,
                       '10.%d.0.0/24' % (100 + cidr), public)
    cirros = client.call('GET', '/image/v2/images?name=cirros')['images'][0]['id']
    versions = client.call('GET', '/compute/')['versions']
    v21 = [v for v in versions if v['id'] == 'v2.1'][0]
    v3 = client.call('GET', '/volume/v3/')['versions'][0]
    return {'accounts': accounts, 'image_ref': cirros, 'image_ref_alt': client.image_alt(cirros),
            'min_microversion': v21['min_version'], 'max_microversion': v21['version'],
            'volume_min_microversion': v3['min_version'],
            'volume_max_microversion': v3['version'],
            'public_network_id': public}


# ----------------------------------------------------------------------------- tempest.conf
def features():
    """[compute-feature-enabled]: on exactly for what novalite serves (read from the code)."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        from novalite.api import router
        from novalite.api.compute import server_actions
    actions = set(server_actions.ACTIONS)
    routes = {path for path, _ in router.COMPUTE}

    def action(name):
        return name in actions
    return {
        'resize': action('resize'),
        'pause': action('pause'),
        'suspend': action('suspend'),
        'shelve': action('shelve'),
        'shelve_migrate': False,          # needs real hosts to unshelve onto
        'rescue': action('rescue'),
        'stable_rescue': action('rescue'),  # 2.87: rescue with hw_rescue_bus/device images
        'change_password': action('changePassword'),
        'console_output': action('os-getConsoleOutput'),
        'snapshot': action('createImage'),
        'cold_migration': action('migrate'),
        'live_migration': False,          # needs real hosts sharing storage
        'live_migrate_back_and_forth': False,
        'block_migration_for_live_migration': False,
        'interface_attach': '/servers/{id}/os-interface' in routes,
        'metadata_service': False,        # no guest, no metadata API
        'config_drive': False,
        'personality': True,              # below 2.57, as in Nova
        'vnc_console': False, 'spice_console': False, 'serial_console': False,
        'attach_encrypted_volume': False, 'swap_volume': False, 'volume_multiattach': False,
        'volume_backed_live_migration': False, 'ide_bus': False,
        'disk_config': True,
        'enable_instance_password': True,
        'unified_limits': False,
    }


def volume_extensions():
    """The Cinder API extensions (aliases) the block-storage service serves."""
    from novalite.api.volume import services
    return [alias for alias, _name, _description, _updated in services.EXTENSIONS]


def compute_hosts():
    from novalite.conf import default
    return len([opt.default for opt in default.opts if opt.name == 'fake_compute_hosts'][0])


def scheduler_filters():
    from novalite.conf import scheduler
    return [opt.default for opt in scheduler.opts if opt.name == 'enabled_filters'][0]


def write_config(work, url, facts, dynamic, state_dir):
    def fmt(value):
        if isinstance(value, bool):
            return 'true' if value else 'false'
        if isinstance(value, list):
            return ','.join(value)
        return str(value)
    accounts_file = os.path.join(work, 'accounts.yaml')
    with open(accounts_file, 'w') as f:
        yaml.safe_dump(facts['accounts'], f, default_flow_style=False, sort_keys=False)
    sections = {
        'DEFAULT': {'log_dir': work, 'log_file': 'tempest.log', 'debug': True,
                    'use_stderr': False},
        'oslo_concurrency': {'lock_path': os.path.join(work, 'locks')},
        'auth': {
            'use_dynamic_credentials': dynamic,
            'test_accounts_file': accounts_file,
            'create_isolated_networks': dynamic,
            'default_credentials_domain_name': 'Default',
            'admin_username': 'admin', 'admin_password': PASSWORD,
            'admin_project_name': 'admin', 'admin_domain_name': 'Default',
            'tempest_roles': 'member',
        },
        'identity': {
            'uri_v3': url + '/identity/v3', 'auth_version': 'v3', 'region': 'RegionOne',
            'v3_endpoint_type': 'public', 'admin_role': 'admin',
            'default_domain_id': 'default',
        },
        'identity-feature-enabled': {'api_v2': False, 'api_v3': True},
        'compute': {
            'image_ref': facts['image_ref'], 'image_ref_alt': facts['image_ref_alt'],
            'flavor_ref': '42', 'flavor_ref_alt': '84',
            'fixed_network_name': 'private',
            'min_microversion': facts['min_microversion'],
            # "latest": Tempest asks for the newest the cloud has (what clients do)
            'max_microversion': 'latest',
            'build_interval': 1, 'build_timeout': 60, 'ready_wait': 0,
            'region': 'RegionOne', 'endpoint_type': 'publicURL',
            # the all-in-one's fake compute hosts: Tempest's multinode tests (cold
            # migration, same_host/different_host) run on them
            'min_compute_nodes': compute_hosts(),
        },
        'compute-feature-enabled': dict(features(), scheduler_enabled_filters=scheduler_filters()),
        'image': {'region': 'RegionOne', 'build_interval': 1, 'build_timeout': 60,
                  'endpoint_type': 'publicURL'},
        'network': {'region': 'RegionOne', 'endpoint_type': 'publicURL',
                    'project_network_cidr': '10.200.0.0/16', 'project_network_mask_bits': 28,
                    'build_interval': 1, 'build_timeout': 60,
                    'floating_network_name': 'public', 'shared_physical_network': False,
                    # every provisioned project's router has its gateway on 'public' (and
                    # so has each dynamic project's): floating IPs of 'public' reach them
                    'public_network_id': facts['public_network_id']},
        'network-feature-enabled': {'ipv6': False, 'floating_ips': True,
                                    'port_security': False,
                                    'api_extensions': 'security-group,router,binding,'
                                                      'auto-allocated-topology'},
        'validation': {'run_validation': False, 'connect_method': 'fixed',
                       'image_ssh_user': 'cirros'},
        'service_available': {'nova': True, 'glance': True, 'neutron': True,
                              'cinder': True, 'swift': False, 'horizon': False,
                              'heat': False, 'placement': False},
        # the block-storage service: one fake backend (volumes are files), no backups,
        # groups, QoS, manageable volumes, replication or scheduler stats
        'volume': {
            'catalog_type': 'block-storage', 'region': 'RegionOne',
            'endpoint_type': 'publicURL', 'build_interval': 1, 'build_timeout': 60,
            'min_microversion': facts['volume_min_microversion'],
            'max_microversion': facts['volume_max_microversion'],
            'backend_names': ['fake'], 'storage_protocol': 'local', 'vendor_name': 'novalite',
            'disk_format': ['raw', 'qcow2'], 'volume_size': 1, 'volume_size_extend': 1,
        },
        'volume-feature-enabled': {
            'multi_backend': False, 'backup': False, 'snapshot': True, 'clone': True,
            'manage_snapshot': False, 'manage_volume': False, 'replication': False,
            'extend_attached_volume': False, 'extend_attached_encrypted_volume': False,
            'extend_volume_with_snapshot': True, 'enable_volume_image_dep_tests': True,
            'api_extensions': volume_extensions(),
        },
    }
    path = os.path.join(work, 'tempest.conf')
    with open(path, 'w') as f:
        for section, options in sections.items():
            f.write('[%s]\n' % section)
            for key, value in options.items():
                f.write('%s = %s\n' % (key, fmt(value)))
            f.write('\n')
    return path


# ----------------------------------------------------------------------------- tempest run
def find_tempest(given):
    if given:
        return given
    candidate = os.path.join(os.path.dirname(sys.executable), 'tempest')
    return candidate if os.path.exists(candidate) else shutil.which('tempest')


_PARSE_SUBUNIT = """
import json, sys, subunit, testtools
outcome = {}
class Collect(testtools.StreamResult):
    def status(self, test_id=None, test_status=None, **kwargs):
        if test_id and test_status in ('success', 'fail', 'skip', 'xfail', 'uxsuccess'):
            outcome[test_id.split('[')[0]] = test_status
collect = Collect()
collect.startTestRun()
subunit.ByteStreamToStreamResult(sys.stdin.buffer, non_subunit_name='stdout').run(collect)
collect.stopTestRun()
json.dump(outcome, sys.stdout)
"""


def results(work, tempest):
    """test id -> status of the last run (stestr's subunit, parsed by tempest's python)."""
    bindir = os.path.dirname(tempest)
    raw = subprocess.run([os.path.join(bindir, 'stestr'), 'last', '--subunit'], cwd=work,
                         capture_output=True).stdout
    parsed = subprocess.run([os.path.join(bindir, 'python'), '-c', _PARSE_SUBUNIT], input=raw,
                            capture_output=True)
    return json.loads(parsed.stdout or b'{}')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--regex', help="tempest run --regex (e.g. '^tempest\\.api\\.compute\\.')")
    parser.add_argument('--include-list', help='tempest run --include-list')
    parser.add_argument('--exclude-list', help='tempest run --exclude-list')
    parser.add_argument('--concurrency', type=int, default=2)
    parser.add_argument('--dynamic', action='store_true', help='use_dynamic_credentials = true')
    parser.add_argument('--work-dir', help='where tempest.conf, accounts.yaml, logs and the '
                                           'novalite state go (default: a new temporary dir)')
    parser.add_argument('--tempest', help='the tempest executable (default: beside python)')
    parser.add_argument('--timeout', type=int, default=3600,
                        help='seconds the whole tempest run may take')
    parser.add_argument('--keep', action='store_true', help='keep the work directory')
    args = parser.parse_args(argv)
    if not args.regex and not args.include_list:
        args.include_list = os.path.join(HERE, 'must-pass.txt')
    tempest = find_tempest(args.tempest)
    if not tempest:
        sys.exit('tempest is not installed (pip install tempest, or tox -e tempest)')
    work = os.path.abspath(args.work_dir or tempfile.mkdtemp(prefix='novalite-tempest-'))
    os.makedirs(work, exist_ok=True)
    state_dir = os.path.join(work, 'state')
    if os.path.exists(state_dir):
        shutil.rmtree(state_dir)
    os.makedirs(state_dir)
    started = time.monotonic()
    url, process = start_cloud(state_dir, sys.executable)
    try:
        facts = provision(url, max(1, args.concurrency))
        conf = write_config(work, url, facts, args.dynamic, state_dir)
        cmd = [tempest, 'run', '--config-file', conf, '--concurrency', str(args.concurrency)]
        if args.regex:
            cmd += ['--regex', args.regex]
        if args.include_list:
            cmd += ['--include-list', os.path.abspath(args.include_list)]
        if args.exclude_list:
            cmd += ['--exclude-list', os.path.abspath(args.exclude_list)]
        print('novalite on %s; tempest in %s\n$ %s' % (url, work, ' '.join(cmd)), flush=True)
        env = dict(os.environ, OS_TEST_TIMEOUT='300', TEMPEST_CONFIG_DIR=work,
                   TEMPEST_CONFIG='tempest.conf')
        run = subprocess.Popen(cmd, cwd=work, env=env, start_new_session=True)
        try:
            rc = run.wait(args.timeout)
        except subprocess.TimeoutExpired:
            stop(run)
            print('tempest run exceeded %d s and was stopped' % args.timeout)
            rc = 124
        outcome = results(work, tempest)
        with open(os.path.join(work, 'results.json'), 'w') as f:
            json.dump(outcome, f, indent=1, sort_keys=True)
        counts = {}
        for status in outcome.values():
            counts[status] = counts.get(status, 0) + 1
        print('novalite + tempest took %.0f s; results in %s' % (
            time.monotonic() - started, os.path.join(work, 'results.json')))
        print('tempest: %d passed, %d failed, %d skipped' % (
            counts.get('success', 0), counts.get('fail', 0), counts.get('skip', 0)),
            flush=True)
        if rc == 0 and not outcome:
            rc = 1
        return rc
    finally:
        stop(process)
        if not args.keep and not args.work_dir and os.environ.get('CI'):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
