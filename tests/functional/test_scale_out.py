"""The scaled-out topology (issue 5): novalite-api --workers 2, novalite-conductor,
novalite-scheduler and three novalite-compute --host processes over the real RabbitMQ and
PostgreSQL / MariaDB on this machine, started as subprocesses (tests/functional/topology.py) and
stopped by PID, also when a test fails.

Each topology has a database and a RabbitMQ vhost of its own, created and dropped here, so
parallel runs never collide. The RabbitMQ restart test stops the local broker's application
for a few seconds; it holds an exclusive lock on /tmp/novalite-rabbitmq.lock (the other
tests hold it shared) and always restarts the broker in a finally.
"""
import concurrent.futures
import contextlib
import datetime
import fcntl
import json
import os
import shutil
import signal
import subprocess
import threading
import time

import pytest
import requests

from tests.functional import topology
from tests.functional.conftest import Cloud

COMPUTES = ['cmp1', 'cmp2', 'cmp3']
PER_HOST = 20  # m1.nano servers one fake host holds (vcpus = 20, cpu_allocation_ratio = 1)
CAPACITY_CONF = """
[DEFAULT]
cpu_allocation_ratio = 1.0
[fake_driver]
vcpus = %d
""" % PER_HOST
RABBIT_LOCK = '/tmp/novalite-rabbitmq.lock'


def _backend_available(backend):
    try:
        topology.drop_database(backend, 'novalite_probe_%d' % os.getpid())
    except Exception as exc:  # noqa: BLE001 - any connection failure means: skip
        return str(exc).splitlines()[0]
    return None


@pytest.fixture(scope='module')
def rabbit_lock():
    """Shared while the module's topologies run; the broker restart takes it exclusively."""
    if not (shutil.which('rabbitmqctl') or os.path.exists('/usr/sbin/rabbitmqctl')):
        pytest.skip('rabbitmqctl is not available')
    fd = os.open(RABBIT_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(fd, fcntl.LOCK_SH)
    try:
        yield fd
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _start(tmp_path_factory, backend, extra_conf=''):
    reason = _backend_available(backend)
    if reason:
        pytest.skip('%s is not reachable: %s' % (backend, reason))
    # compute heartbeats travel through the conductor: service_down_time must outlast a
    # conductor restart (Nova's defaults: report_interval 10, service_down_time 60)
    topo = topology.Topology(tmp_path_factory.mktemp('scaled-%s' % backend), backend=backend,
                             computes=COMPUTES, api_workers=2, report_interval=1,
                             service_down_time=12, extra_conf=extra_conf)
    try:
        topo.setup()
        topo.start_all()
    except BaseException:
        topo.teardown()
        raise
    return topo


@pytest.fixture(scope='module')
def pg(rabbit_lock, tmp_path_factory):
    topo = _start(tmp_path_factory, 'postgresql', CAPACITY_CONF)
    try:
        yield topo
    finally:
        topo.teardown()


def cloud_of(topo):
    return Cloud(topo.url, topo.workdir, None)


class Boot:
    """Boot parameters of the seeded demo cloud: cirros, m1.nano, network private."""

    def __init__(self, cloud):
        self.cloud = cloud
        _, _, images = cloud.request('GET', '/image/v2/images?name=cirros')
        self.image = images['images'][0]['id']
        _, _, nets = cloud.request('GET', '/networking/v2.0/networks?name=private')
        self.network = nets['networks'][0]['id']

    def body(self, name, **extra):
        server = {'name': name, 'imageRef': self.image, 'flavorRef': '42',
                  'networks': [{'uuid': self.network}]}
        server.update(extra)
        return {'server': server}

    def create(self, name, token='demo', session=None, **extra):
        if session is None:
            status, _, body = self.cloud.request('POST', '/compute/v2.1/servers',
                                                 body=self.body(name, **extra), token=token)
            assert status == 202, body
            return body['server']['id']
        resp = session.post(self.cloud.url + '/compute/v2.1/servers', timeout=60,
                            json=self.body(name, **extra),
                            headers={'X-Auth-Token': self.cloud.token(token)})
        return resp


def admin_server(cloud, server_id):
    status, _, body = cloud.request('GET', '/compute/v2.1/servers/%s' % server_id,
                                    token='admin', version='2.47')
    assert status == 200, body
    return body['server']


def delete_all(cloud, ids):
    token = cloud.token('demo')
    session = requests.Session()

    def delete(sid):
        resp = session.delete(cloud.url + '/compute/v2.1/servers/%s' % sid, timeout=60,
                              headers={'X-Auth-Token': token})
        assert resp.status_code in (204, 404), resp.text
    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        list(pool.map(delete, ids))
    remaining = set(ids)
    deadline = time.monotonic() + 120
    while remaining and time.monotonic() < deadline:
        _, _, listing = cloud.request('GET', '/compute/v2.1/servers?deleted=false')
        remaining &= {s['id'] for s in listing['servers']}
        time.sleep(0.2)
    assert not remaining, 'not deleted: %s' % remaining


def wait_for(predicate, timeout, interval=0.2, what='condition'):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError('%s not reached within %ss' % (what, timeout))


def states(topo):
    return {(r['binary'], r['host']): r['state'] for r in topo.service_list()}


# ---------------------------------------------------------------------------- the basics
def _boot_list_delete(topo, n=6):
    cloud = cloud_of(topo)
    boot = Boot(cloud)
    ids = [boot.create('spread-%d' % i) for i in range(n)]
    for sid in ids:
        server, _ = cloud.wait_server(sid, timeout=90)
        assert server['status'] == 'ACTIVE', server
    status, _, listing = cloud.request('GET', '/compute/v2.1/servers')
    assert status == 200
    assert set(ids) <= {s['id'] for s in listing['servers']}
    hosts = {admin_server(cloud, sid)['OS-EXT-SRV-ATTR:host'] for sid in ids}
    assert hosts == set(COMPUTES), hosts  # the RAM weigher spreads them over every host
    delete_all(cloud, ids)


def test_boot_list_delete_postgresql(pg):
    _boot_list_delete(pg)


def test_boot_list_delete_mariadb(rabbit_lock, tmp_path_factory):
    topo = _start(tmp_path_factory, 'mysql')
    try:
        assert topo._connection.startswith('mysql+pymysql://')
        _boot_list_delete(topo)
    finally:
        topo.teardown()


def test_health_commands_show_every_service_up(pg):
    proc = subprocess.run(pg.command('manage', 'service', 'list'), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    table = proc.stdout
    for binary in ('nova-conductor', 'nova-scheduler', 'nova-compute'):
        assert binary in table
    assert ' down ' not in table
    openstack = shutil.which('openstack')
    if openstack is None:
        pytest.skip('python-openstackclient is not installed')
    proc = subprocess.run([openstack, '--os-cloud', 'novalite-admin', 'compute', 'service',
                           'list', '-f', 'json'], capture_output=True, text=True, timeout=120,
                          env=cloud_of(pg).env())
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {(r['Binary'], r['Host']) for r in rows if r['Binary'] == 'nova-compute'} == {
        ('nova-compute', h) for h in COMPUTES}
    assert {r['State'] for r in rows} == {'up'}


def test_bootstrap_is_idempotent(pg):
    out = pg.manage('bootstrap', '--output-dir', pg.workdir)
    assert 'clouds.yaml' in out
    with open(os.path.join(pg.workdir, 'openrc')) as f:
        assert 'OS_AUTH_URL=%s/identity' % pg.url in f.read()
    cloud = cloud_of(pg)
    _, _, flavors = cloud.request('GET', '/compute/v2.1/flavors')
    assert len([f for f in flavors['flavors'] if f['name'] == 'm1.nano']) == 1
    _, _, images = cloud.request('GET', '/image/v2/images?name=cirros')
    assert len(images['images']) == 1


# ---------------------------------------------------------------------------- API workers
def test_api_worker_killed_is_respawned(pg):
    cloud = cloud_of(pg)
    workers = wait_for(lambda: len(pg.api_workers_pids()) == 2 and pg.api_workers_pids(), 10)
    os.kill(workers[0], signal.SIGKILL)
    new = wait_for(lambda: (len(pg.api_workers_pids()) == 2
                            and workers[0] not in pg.api_workers_pids()
                            and pg.api_workers_pids()), 30, what='a respawned worker')
    assert workers[1] in new
    for _ in range(10):  # both workers answer (each request on a new connection)
        assert requests.get(cloud.url + '/compute/', timeout=10).status_code == 200


def test_api_sighup_reloads_config_and_restarts_workers(pg):
    cloud = cloud_of(pg)
    parent = pg.pid('api')
    before = wait_for(lambda: len(pg.api_workers_pids()) == 2 and pg.api_workers_pids(), 10)
    _, _, flavors = cloud.request('GET', '/compute/v2.1/flavors')
    assert len(flavors['flavors']) > 2
    pg.set_option('api', 'max_limit', 2)
    try:
        os.kill(parent, signal.SIGHUP)
        wait_for(lambda: (len(pg.api_workers_pids()) == 2
                          and not set(before) & set(pg.api_workers_pids())), 40,
                 what='workers replaced after SIGHUP')
        cloud.http = requests.Session()  # old keep-alive connections went with old workers
        _, _, flavors = cloud.request('GET', '/compute/v2.1/flavors')
        assert len(flavors['flavors']) == 2  # the new limit
        assert pg.pid('api') == parent and pg.processes['api'].poll() is None
    finally:
        pg.set_option('api', 'max_limit', 1000)
        os.kill(parent, signal.SIGHUP)
        wait_for(lambda: len(pg.api_workers_pids()) == 2, 40)
    cloud.http = requests.Session()
    wait_for(lambda: len(cloud.request('GET', '/compute/v2.1/flavors')[2]['flavors']) > 2,
             30, what='the old limit back')


def test_api_sigterm_drains_in_flight_requests_then_restart_loses_nothing(pg):
    cloud = cloud_of(pg)
    boot = Boot(cloud)
    status, _, image = cloud.request('POST', '/image/v2/images', body={
        'name': 'slow-upload', 'disk_format': 'raw', 'container_format': 'bare'})
    assert status == 201, image
    token = cloud.token('demo')
    uploading = threading.Event()

    def slow_body():
        for _ in range(6):
            yield b'x' * 1024
            uploading.set()
            time.sleep(0.5)

    def upload():
        return requests.put(cloud.url + '/image/v2/images/%s/file' % image['id'],
                            data=slow_body(), timeout=60,
                            headers={'X-Auth-Token': token,
                                     'Content-Type': 'application/octet-stream'})

    accepted, refused = [], []
    stop_booting = threading.Event()

    def keep_booting():
        session = requests.Session()
        for i in range(8):  # the demo project's quota is 10 instances
            if stop_booting.is_set():
                return
            try:
                resp = boot.create('drain-%d' % i, session=session)
            except requests.RequestException:
                refused.append(i)
                return
            if resp.status_code == 202:
                accepted.append(resp.json()['server']['id'])
            else:
                refused.append(resp.status_code)
                return

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        boots_future = pool.submit(keep_booting)
        wait_for(lambda: len(accepted) >= 3 or boots_future.done(), 60, what='boots accepted')
        assert len(accepted) >= 3, refused
        upload_future = pool.submit(upload)
        assert uploading.wait(20)
        pg.signal('api', signal.SIGTERM)
        resp = upload_future.result(60)
        assert resp.status_code == 204, resp.text  # finished although the API was stopping
        assert pg.processes['api'].wait(40) == 0
        stop_booting.set()
        boots_future.result(60)
    pg.start('api')
    pg.wait_api(60)
    cloud.http = requests.Session()
    _, _, shown = cloud.request('GET', '/image/v2/images/%s' % image['id'])
    assert shown['status'] == 'active' and shown['size'] == 6 * 1024
    assert accepted, 'no boot was accepted before the API stopped'
    for sid in accepted:  # every accepted request went on to the conductor
        server, _ = cloud.wait_server(sid, timeout=90)
        assert server['status'] == 'ACTIVE', server
    delete_all(cloud, accepted)
    cloud.request('DELETE', '/image/v2/images/%s' % image['id'])


# ---------------------------------------------------------------------------- capacity
def test_100_concurrent_boots_against_capacity_for_60(pg):
    cloud = cloud_of(pg)
    boot = Boot(cloud)
    project = cloud.token_body('demo')['project']['id']
    status, _, body = cloud.request('PUT', '/compute/v2.1/os-quota-sets/%s' % project,
                                    token='admin', body={'quota_set': {
                                        'instances': 200, 'cores': 200, 'ram': -1}})
    assert status == 200, body
    sessions = threading.local()

    def create(i):
        if not hasattr(sessions, 's'):
            sessions.s = requests.Session()
        resp = boot.create('cap-%d' % i, session=sessions.s)
        assert resp.status_code == 202, resp.text
        return resp.json()['server']['id']

    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        ids = list(pool.map(create, range(100)))
    final = {}
    for sid in ids:
        server, _ = cloud.wait_server(sid, timeout=180, version='2.47')
        final[sid] = server
    active = [s for s in final.values() if s['status'] == 'ACTIVE']
    errors = [s for s in final.values() if s['status'] == 'ERROR']
    assert (len(active), len(errors)) == (3 * PER_HOST, 100 - 3 * PER_HOST)
    for server in errors:
        assert 'No valid host' in server['fault']['message'], server['fault']
    per_host = {}
    for server in active:
        host = admin_server(cloud, server['id'])['OS-EXT-SRV-ATTR:host']
        per_host[host] = per_host.get(host, 0) + 1
    assert per_host == {h: PER_HOST for h in COMPUTES}
    status, _, hyps = cloud.request('GET', '/compute/v2.1/os-hypervisors/detail',
                                    token='admin')
    assert status == 200, hyps
    for hyp in hyps['hypervisors']:
        assert hyp['vcpus_used'] <= hyp['vcpus'] == PER_HOST, hyp
    status, _, quota = cloud.request('GET', '/compute/v2.1/os-quota-sets/%s/detail' % project)
    assert status == 200, quota
    assert quota['quota_set']['instances']['in_use'] == 100  # ERROR servers count too
    assert quota['quota_set']['cores']['in_use'] == 100
    assert quota['quota_set']['ram']['in_use'] == 100 * 128
    delete_all(cloud, ids)
    _, _, quota = cloud.request('GET', '/compute/v2.1/os-quota-sets/%s/detail' % project)
    assert quota['quota_set']['instances']['in_use'] == 0
    assert quota['quota_set']['cores']['in_use'] == 0


# ---------------------------------------------------------------------------- faults
def test_stopped_compute_goes_down_and_is_not_chosen(pg):
    cloud = cloud_of(pg)
    boot = Boot(cloud)
    pg.stop('cmp3')
    try:
        wait_for(lambda: states(pg)[('nova-compute', 'cmp3')] == 'down',
                 pg.service_down_time + 10, interval=0.5, what='cmp3 down')
        status, _, services = cloud.request('GET', '/compute/v2.1/os-services?host=cmp3',
                                            token='admin')
        assert [s['state'] for s in services['services']] == ['down']
        ids = [boot.create('no-cmp3-%d' % i) for i in range(4)]
        hosts = set()
        for sid in ids:
            server, _ = cloud.wait_server(sid, timeout=90)
            assert server['status'] == 'ACTIVE', server
            hosts.add(admin_server(cloud, sid)['OS-EXT-SRV-ATTR:host'])
        assert hosts and 'cmp3' not in hosts
        delete_all(cloud, ids)
    finally:
        pg.start('cmp3')
    pg.wait_services_up(timeout=60)


def test_compute_killed_mid_build_leaves_no_instance_in_build(pg):
    cloud = cloud_of(pg)
    boot = Boot(cloud)
    sid = boot.create('killed-mid-build', metadata={'novalite:delay_spawn': '60'})

    def spawning():
        server = admin_server(cloud, sid)
        return server['OS-EXT-STS:task_state'] == 'spawning' and server
    server = wait_for(spawning, 60, what='spawning')
    host = server['OS-EXT-SRV-ATTR:host']
    pg.kill(host)
    assert admin_server(cloud, sid)['status'] == 'BUILD'
    pg.start(host)
    server, _ = cloud.wait_server(sid, timeout=60)
    assert server['status'] in ('ERROR', 'ACTIVE'), server
    pg.wait_services_up(timeout=60)
    delete_all(cloud, [sid])


def test_conductor_restart_loses_no_accepted_request(pg):
    cloud = cloud_of(pg)
    boot = Boot(cloud)
    assert pg.stop('conductor') == 0
    try:
        # accepted while no conductor runs: the casts wait in its queue
        ids = [boot.create('conductor-away-%d' % i) for i in range(4)]
        time.sleep(1)
        assert {admin_server(cloud, s)['status'] for s in ids} == {'BUILD'}
    finally:
        pg.start('conductor')
    for sid in ids:
        server, _ = cloud.wait_server(sid, timeout=90)
        assert server['status'] == 'ACTIVE', server
    pg.wait_services_up(timeout=60)
    delete_all(cloud, ids)


@contextlib.contextmanager
def exclusive_broker(shared_fd, wait=45):
    """Trade this module's shared lock for the exclusive one (bounded wait), then back."""
    fcntl.flock(shared_fd, fcntl.LOCK_UN)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(shared_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.skip('another test run uses the local RabbitMQ')
                time.sleep(0.5)
        yield
    finally:
        fcntl.flock(shared_fd, fcntl.LOCK_SH)


def test_rabbitmq_restart_services_reconnect(pg, rabbit_lock):
    cloud = cloud_of(pg)
    boot = Boot(cloud)
    with exclusive_broker(rabbit_lock):
        topology.rabbitmqctl('stop_app', timeout=120)
        try:
            time.sleep(2)
        finally:
            topology.rabbitmqctl('start_app', timeout=120)
            topology.rabbitmqctl('await_startup', timeout=120, check=False)
        back = time.monotonic()
        # accepted in the first second, before every service has reconnected: the topic
        # queues are durable, so the cast waits for the conductor instead of being dropped
        early = boot.create('rabbit-early')
        accepted = time.monotonic() - back
        server, _ = cloud.wait_server(early, timeout=60)
        assert server['status'] == 'ACTIVE', server
        # the services reconnect every second: the boot is ACTIVE within 5 s of the broker
        # being back
        took = time.monotonic() - back
        assert took < 5 + accepted, 'ACTIVE %.1f s after the broker came back' % took
    pg.wait_services_up(timeout=90, since=datetime.datetime.now(datetime.timezone.utc)
                        .replace(tzinfo=None))
    ids = [boot.create('after-rabbit-%d' % i) for i in range(3)]
    for sid in ids:
        server, _ = cloud.wait_server(sid, timeout=120)
        assert server['status'] == 'ACTIVE', server
    delete_all(cloud, ids + [early])


def test_volume_manager_runs_apart(pg):
    """novalite-volume (cinder-volume) on its own: a volume is made through it over
    RabbitMQ, attached and detached through the attachments API, deleted."""
    cloud = cloud_of(pg)
    assert any(r['binary'] == 'cinder-volume' and r['state'] == 'up'
               for r in pg.service_list())
    headers = {'OpenStack-API-Version': 'volume 3.71'}
    status, _, body = cloud.request('POST', '/volume/v3/volumes', headers=headers,
                                    body={'volume': {'size': 1, 'name': 'apart'}})
    assert status == 202, body
    vid = body['volume']['id']

    def volume_status():
        return cloud.request('GET', '/volume/v3/volumes/%s' % vid,
                             headers=headers)[2]['volume']['status']
    wait_for(lambda: volume_status() == 'available', 60, what='volume available')
    status, _, body = cloud.request('POST', '/volume/v3/attachments', headers=headers,
                                    body={'attachment': {'volume_uuid': vid,
                                                         'connector': {'host': 'cmp1'}}})
    assert status == 200 and body['attachment']['connection_info']['device_path'], body
    att = body['attachment']['id']
    assert cloud.request('DELETE', '/volume/v3/attachments/%s' % att,
                         headers=headers)[0] == 200
    assert cloud.request('DELETE', '/volume/v3/volumes/%s' % vid, headers=headers)[0] == 202
    wait_for(lambda: cloud.request('GET', '/volume/v3/volumes/%s' % vid,
                                   headers=headers)[0] == 404, 60, what='volume gone')


def test_boot_traces_follow_the_request_across_processes(pg):
    """The same trace as in one process (tests/functional/test_traces.py), its spans written
    by the API worker, the conductor, the scheduler and a compute process."""
    from tests.functional import trace_checks
    cloud = cloud_of(pg)
    boot = Boot(cloud)
    status, headers, body = cloud.request('POST', '/compute/v2.1/servers',
                                          body=boot.body('traced-scaled'))
    assert status == 202, body
    server_id = body['server']['id']
    assert cloud.wait_server(server_id)[0]['status'] == 'ACTIVE'
    trace = trace_checks.get_trace(cloud, headers['x-openstack-request-id'], token='admin',
                                   want=trace_checks.boot_complete)
    found = trace_checks.check_boot_trace(trace, server_id)
    assert found['compute']['host'] in COMPUTES
    by_service = {}
    for span in trace['spans']:
        by_service.setdefault(span['service'], set()).add(span['pid'])
    assert len({pid for pids in by_service.values() for pid in pids}) >= 4, by_service
    assert by_service['conductor'].isdisjoint(by_service['compute-api'])
    assert by_service['scheduler'].isdisjoint(by_service['conductor'])

    status, headers, body = cloud.request('POST', '/compute/v2.1/servers', body=boot.body(
        'doomed-scaled', metadata={'novalite:fail': 'spawn'}))
    assert status == 202, body
    doomed = body['server']['id']
    assert cloud.wait_server(doomed)[0]['status'] == 'ERROR'
    trace_checks.check_reschedule_trace(cloud, headers['x-openstack-request-id'], doomed)
    delete_all(cloud, [server_id, doomed])
