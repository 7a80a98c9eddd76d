"""Load (issue 18): 50 concurrent clients mixing boots, actions, lists and deletes against
a fresh all-in-one on loopback until they have sent $NOVALITE_LOAD_REQUESTS requests (500
by default; 0: no such bound) or $NOVALITE_LOAD_SECONDS have passed (120 by default),
whichever comes first. No 5xx and no refused connection, every kind of request was sent;
once the clients stop every server settles (none left in a transitional state) and the
quota usage equals what exists."""
import concurrent.futures
import os
import random
import threading
import time

import pytest
import requests

from tests.functional.conftest import start_cloud, stop_cloud

CLIENTS = 50
SECONDS = int(os.environ.get('NOVALITE_LOAD_SECONDS', '120'))
REQUESTS = int(os.environ.get('NOVALITE_LOAD_REQUESTS', '500'))
C = '/compute/v2.1'
KINDS = ('boot', 'action', 'list', 'delete')


@pytest.fixture(scope='module')
def loaded(tmp_path_factory):
    c = start_cloud(tmp_path_factory.mktemp('novalite-load'))
    yield c
    stop_cloud(c.process)


class Client:
    lock = threading.Lock()

    def __init__(self, cloud, boot, errors, counts, stop):
        self.cloud, self.boot, self.errors, self.counts, self.stop = (
            cloud, boot, errors, counts, stop)
        self.http = requests.Session()
        self.token = cloud.token('demo')
        self.mine = []

    def call(self, kind, method, path, body=None):
        with self.lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1
        try:
            resp = self.http.request(method, self.cloud.url + path, json=body, timeout=120,
                                     headers={'X-Auth-Token': self.token,
                                              'OpenStack-API-Version': 'compute 2.47'})
        except requests.RequestException as exc:  # refused, reset, timed out
            self.errors.append('%s %s: %r' % (method, path, exc))
            return None, None
        with self.lock:
            self.counts[resp.status_code // 100] = self.counts.get(resp.status_code // 100,
                                                                   0) + 1
        if resp.status_code >= 500:
            self.errors.append('%s %s: %s %s' % (method, path, resp.status_code,
                                                 resp.text[:200]))
        return resp.status_code, (resp.json() if resp.content else None)

    def run(self):
        rnd = random.Random(id(self))
        while not self.stop.is_set():
            choice = rnd.random()
            if choice < 0.3 or not self.mine:
                status, body = self.call('boot', 'POST', C + '/servers', self.boot)
                if status == 202:
                    self.mine.append(body['server']['id'])
            elif choice < 0.5:
                action = rnd.choice([{'reboot': {'type': 'SOFT'}}, {'os-stop': None},
                                     {'os-start': None}, {'lock': None}, {'unlock': None}])
                self.call('action', 'POST', C + '/servers/%s/action' % rnd.choice(self.mine),
                          action)
            elif choice < 0.8:
                self.call('list', 'GET', rnd.choice([C + '/servers/detail', C + '/servers',
                                                     C + '/servers/%s' % rnd.choice(self.mine),
                                                     C + '/flavors/detail', C + '/limits']))
            else:
                server = self.mine.pop(rnd.randrange(len(self.mine)))
                self.call('delete', 'DELETE', C + '/servers/%s' % server)


def test_50_clients_mixing_boots_actions_lists_deletes(loaded):
    cloud = loaded
    project = cloud.token_body('demo')['project']['id']
    status, _, body = cloud.request('PUT', C + '/os-quota-sets/%s' % project, token='admin',
                                    body={'quota_set': {'instances': 500, 'cores': 1000,
                                                        'ram': 1024000}})
    assert status == 200, body
    image = cloud.request('GET', '/image/v2/images?name=cirros')[2]['images'][0]['id']
    net = cloud.request('GET', '/networking/v2.0/networks?name=private')[2]['networks'][0]
    boot = {'server': {'name': 'load', 'imageRef': image, 'flavorRef': '42',
                       'networks': [{'uuid': net['id']}]}}
    errors, counts, stop = [], {}, threading.Event()
    clients = [Client(cloud, boot, errors, counts, stop) for _ in range(CLIENTS)]
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(c.run) for c in clients]
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline and not (
                REQUESTS and sum(counts.get(k, 0) for k in KINDS) >= REQUESTS):
            time.sleep(0.1)
        stop.set()
        for future in futures:
            future.result(timeout=300)
    assert not errors, '%d errors, first: %s' % (len(errors), errors[:5])
    assert counts.get(2, 0) > CLIENTS, counts
    assert all(counts.get(k) for k in KINDS), counts
    # every server settles: nothing left building, deleting or mid-action
    deadline = time.monotonic() + 180
    while True:
        status, _, listing = cloud.request('GET', C + '/servers/detail', version='2.47')
        assert status == 200
        busy = [s for s in listing['servers'] if s['OS-EXT-STS:task_state']
                or s['status'] in ('BUILD', 'REBOOT', 'HARD_REBOOT', 'DELETED')]
        if not busy:
            break
        assert time.monotonic() < deadline, 'still transitional: %s' % [
            (s['id'], s['status'], s['OS-EXT-STS:task_state']) for s in busy[:10]]
        time.sleep(1)
    servers = listing['servers']
    assert {s['status'] for s in servers} <= {'ACTIVE', 'SHUTOFF', 'ERROR'}, servers
    # the quota usage is what exists
    status, _, quota = cloud.request('GET', C + '/os-quota-sets/%s/detail' % project)
    assert status == 200, quota
    usage = quota['quota_set']
    flavor = cloud.request('GET', C + '/flavors/42')[2]['flavor']
    assert usage['instances']['in_use'] == len(servers), (usage['instances'], len(servers))
    assert usage['cores']['in_use'] == len(servers) * flavor['vcpus']
    assert usage['ram']['in_use'] == len(servers) * flavor['ram']
    for server in servers:
        cloud.request('DELETE', C + '/servers/%s' % server['id'], token='admin')
    for server in servers:
        cloud.wait_gone(server['id'], timeout=120)
    status, _, quota = cloud.request('GET', C + '/os-quota-sets/%s/detail' % project)
    assert quota['quota_set']['instances']['in_use'] == 0
