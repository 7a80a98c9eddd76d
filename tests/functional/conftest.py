"""Starts the real all-in-one service (``novalite serve``) on a free loopback port, once per
test session, and hands tests an HTTP client for it."""
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

PASSWORD = 'secret'
CLIENT_POLL = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'clientpoll')


def _client_poll_here():
    """The clients' short polls (clientpoll/sitecustomize.py) for openstacksdk in this
    process too."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'tests_functional_clientpoll', os.path.join(CLIENT_POLL, 'sitecustomize.py'))
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


_client_poll_here()
_warm = {}


def openstack_command():
    """The command to run ``openstack`` with: the warm one (clientpoll/warm_openstack.py,
    started on first use, one per test process) when it starts, else the real one."""
    import atexit
    import shutil
    import tempfile
    real = os.path.join(os.path.dirname(sys.executable), 'openstack')
    real = real if os.path.exists(real) else shutil.which('openstack')
    if 'command' not in _warm:
        _warm['command'] = [real]
        script = os.path.join(CLIENT_POLL, 'warm_openstack.py')
        path = os.path.join(tempfile.mkdtemp(prefix='novalite-osc-'), 'socket')
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [CLIENT_POLL] + [p for p in [os.environ.get('PYTHONPATH')] if p]))
        try:
            process = subprocess.Popen([sys.executable, script, '--serve', path], env=env,
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       start_new_session=True)
        except OSError:
            return _warm['command']
        atexit.register(_kill_group, process)  # the server and any command it forked
        import select
        ready, _, _ = select.select([process.stdout], [], [], 60)
        if ready and process.stdout.readline().strip() == b'ready':
            _warm['command'] = [sys.executable, '-S', script]
            _warm['socket'] = path
            _warm['real'] = real
        else:  # not ready in a minute (or it died): the real openstack, no server left over
            _kill_group(process)
    return list(_warm['command'])


def _kill_group(process):
    import signal
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Cloud:
    def __init__(self, url, state_dir, process):
        self.url = url
        self.state_dir = state_dir
        self.process = process
        self.clouds_yaml = os.path.join(state_dir, 'clouds.yaml')
        self.http = requests.Session()
        self._tokens = {}

    def token(self, user='demo', project=None, password=PASSWORD):
        key = (user, project)
        if key not in self._tokens:
            status, headers, body = self.auth(user, project or user, password)
            assert status == 201, body
            self._tokens[key] = (headers['X-Subject-Token'], body['token'])
        return self._tokens[key][0]

    def token_body(self, user='demo', project=None):
        self.token(user, project)
        return self._tokens[(user, project)][1]

    def auth(self, user, project, password=PASSWORD):
        body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'name': 'Default'}, 'password': password}}},
            'scope': {'project': {'name': project, 'domain': {'name': 'Default'}}}}}
        return self.request('POST', '/identity/v3/auth/tokens', body=body, token=None)

    def request(self, method, path, body=None, token='demo', headers=None, raw=None,
                version=None):
        hdrs = dict(headers or {})
        if token:
            hdrs['X-Auth-Token'] = self.token(token) if token in ('demo', 'admin') else token
        if version:
            hdrs['OpenStack-API-Version'] = 'compute %s' % version
        resp = self.http.request(method, self.url + path, json=body, data=raw,
                                 headers=hdrs, timeout=60)
        try:
            data = resp.json() if resp.content else None
        except ValueError:
            data = resp.text
        return resp.status_code, resp.headers, data

    def wait_server(self, server_id, statuses=('ACTIVE', 'ERROR'), token='demo',
                    timeout=60, version=None):
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            status, _, body = self.request('GET', '/compute/v2.1/servers/%s' % server_id,
                                           token=token, version=version)
            if status == 404:
                return None, seen
            assert status == 200, body
            server = body['server']
            if not seen or seen[-1] != server['status']:
                seen.append(server['status'])
            if server['status'] in statuses:
                return server, seen
            time.sleep(0.05)
        raise AssertionError('server %s stuck in %s' % (server_id, seen))

    def wait_gone(self, server_id, token='demo', timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, _, _ = self.request('GET', '/compute/v2.1/servers/%s' % server_id,
                                        token=token)
            if status == 404:
                return
            time.sleep(0.05)
        raise AssertionError('server %s was not deleted' % server_id)

    def env(self):
        env = dict(os.environ)
        for key in list(env):
            if key.startswith('OS_'):
                del env[key]
        env['OS_CLIENT_CONFIG_FILE'] = self.clouds_yaml
        # the clients' --wait/--poll loops pause 0.2 s between polls, not 2-5 s
        env['PYTHONPATH'] = os.pathsep.join(
            [CLIENT_POLL] + [p for p in [env.get('PYTHONPATH')] if p])
        openstack_command()
        if 'socket' in _warm:
            env['NOVALITE_TEST_OSC_SOCKET'] = _warm['socket']
            env['NOVALITE_TEST_OSC_REAL'] = _warm['real']
        return env


def start_cloud(state_dir, extra_args=(), config=None):
    port = free_port()
    args = [sys.executable, '-m', 'novalite.cmd.serve', 'serve', '--host', '127.0.0.1',
            '--port', str(port), '--state-dir', str(state_dir)] + list(extra_args)
    if config:
        path = os.path.join(str(state_dir), 'test.conf')
        os.makedirs(str(state_dir), exist_ok=True)
        with open(path, 'w') as f:
            f.write(config)
        args += ['--config-file', path]
    log = open(os.path.join(str(state_dir), 'serve.log'), 'ab')
    env = dict(os.environ, NOVALITE_STATE_DIR=str(state_dir))
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env,
                               start_new_session=True)
    url = 'http://127.0.0.1:%d' % port
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError('novalite serve exited with %s; see %s/serve.log'
                               % (process.returncode, state_dir))
        try:
            # the first request loads the whole pipeline: slow on a busy machine
            if requests.get(url + '/identity', timeout=15).status_code == 300:
                return Cloud(url, str(state_dir), process)
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.1)
    stop_cloud(process)
    raise RuntimeError('novalite serve did not answer within 60 s')


def stop_cloud(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


@pytest.fixture(scope='session')
def cloud(tmp_path_factory):
    state = tmp_path_factory.mktemp('novalite-state')
    c = start_cloud(state)
    yield c
    stop_cloud(c.process)


# The same cloud with the libvirt driver on libvirt's in-process test hypervisor (no
# daemon; the compute hosts of the process share it). Tests that take ``cloud`` run against
# it when their module defines ``cloud`` as this fixture (tests/functional/test_libvirt_*.py).
LIBVIRT_CONFIG = """
[DEFAULT]
compute_driver = libvirt
ram_allocation_ratio = 16.0
[libvirt]
connection_uri = test:///default
failure_injection = true
"""


@pytest.fixture(scope='session')
def libvirt_cloud(tmp_path_factory):
    pytest.importorskip('libvirt', reason='libvirt-python is not installed')
    state = tmp_path_factory.mktemp('novalite-libvirt-state')
    c = start_cloud(state, config=LIBVIRT_CONFIG)
    c.driver = 'libvirt'
    yield c
    stop_cloud(c.process)


def reuse_tests(namespace, module_names, fixtures=('cloud', 'tuned')):
    """Collect the ``test_*`` functions of other test modules (those that exist yet) once
    more in ``namespace``, where that module's own fixtures of the same names apply. Only
    tests whose fixtures are among ``fixtures`` (plus pytest's own) come along; returns the
    modules imported."""
    import importlib
    import inspect
    allowed = set(fixtures) | {'request', 'monkeypatch', 'tmp_path_factory', 'path'}
    modules = []
    for name in module_names:
        try:
            module = importlib.import_module('tests.functional.' + name)
        except ModuleNotFoundError as exc:
            if exc.name != 'tests.functional.' + name:
                raise
            continue
        modules.append(module)
        for attr, test in vars(module).items():
            if attr.startswith('test_') and callable(test) and set(
                    inspect.signature(test).parameters) <= allowed:
                namespace[attr] = test
    return modules


def merge_configs(*texts):
    """One oslo.config file from several (later options win)."""
    import configparser
    import io
    parser = configparser.ConfigParser()
    for text in texts:
        parser.read_string(text)
    out = io.StringIO()
    parser.write(out)
    return out.getvalue()
