#!/usr/bin/env python3
"""Boot benchmark: boots N servers with concurrency C over HTTP, waits for all to be ACTIVE,
measures GET /servers/<id> throughput, deletes them.

    python bench/boot.py --cloud novalite -n 200 -c 20
    python bench/boot.py --topology aio,scaled -n 200 -c 20 [--db postgresql|mysql]

The cloud comes from clouds.yaml ($OS_CLIENT_CONFIG_FILE, ./clouds.yaml or
~/.config/openstack/clouds.yaml), or ``--topology`` starts one (or each, comma-separated) by
itself on free loopback ports and stops it afterwards: ``aio`` is ``novalite serve`` (SQLite,
memory://, 2 fake hosts), ``scaled`` is novalite-api --workers 2, conductor, scheduler and 3
novalite-compute processes over RabbitMQ and PostgreSQL (or MariaDB: --db mysql), as
tests/functional/topology.py starts them. Only loopback URLs are accepted; every loop is bounded in
count and time. The last line of each run is:
    boots_per_s=... post_p50_ms=... post_p99_ms=... get_rps=...
(with ``--topology``, prefixed by ``topology=<name>``, and followed by ``cpu_ms_per_boot=``:
the CPU time the topology's processes spent from the first POST until every server was
ACTIVE, divided by the servers booted). ``--trace on,off`` runs each topology once with
request tracing on and once with it off ([trace] enabled), to measure what tracing costs.
"""
import argparse
import concurrent.futures
import os
import statistics
import sys
import threading
import time
import urllib.parse

import requests
import yaml


def load_cloud(name):
    candidates = [os.environ.get('OS_CLIENT_CONFIG_FILE'), 'clouds.yaml',
                  os.path.expanduser('~/.config/openstack/clouds.yaml'),
                  os.path.join(os.environ.get('NOVALITE_STATE_DIR',
                                              os.path.expanduser('~/.local/state/novalite')),
                               'clouds.yaml')]
    for path in candidates:
        if path and os.path.exists(path):
            with open(path) as f:
                clouds = yaml.safe_load(f)['clouds']
            if name in clouds:
                return clouds[name]
    sys.exit('cloud %r not found in clouds.yaml' % name)


def check_loopback(url):
    host = urllib.parse.urlparse(url).hostname
    if host not in ('127.0.0.1', 'localhost', '::1') and not host.startswith('127.'):
        sys.exit('refusing to benchmark a non-loopback cloud: %s' % url)


class Client:
    def __init__(self, cloud, pool):
        self.http = requests.Session()
        self.http.trust_env = False
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool)
        self.http.mount('http://', adapter)
        auth = cloud['auth']
        check_loopback(auth['auth_url'])
        body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': auth['username'], 'password': auth['password'],
            'domain': {'name': auth.get('user_domain_name', 'Default')}}}},
            'scope': {'project': {'name': auth['project_name'], 'domain': {
                'name': auth.get('project_domain_name', 'Default')}}}}}
        resp = self.http.post(auth['auth_url'].rstrip('/') + '/v3/auth/tokens', json=body,
                              timeout=30)
        resp.raise_for_status()
        self.token = resp.headers['X-Subject-Token']
        token = resp.json()['token']
        self.project_id = token['project']['id']
        self.roles = {r['name'] for r in token['roles']}
        self.endpoints = {s['type']: [e['url'] for e in s['endpoints']
                                      if e['interface'] == 'public'][0]
                          for s in token['catalog']}
        for url in self.endpoints.values():
            check_loopback(url)
        self.http.headers.update({'X-Auth-Token': self.token,
                                  'OpenStack-API-Version': 'compute 2.47'})

    def url(self, service, path):
        return self.endpoints[service].rstrip('/') + path

    def get(self, service, path, **kw):
        return self.http.get(self.url(service, path), timeout=60, **kw)


def make_network(client, name):
    resp = client.http.post(client.url('network', '/v2.0/networks'),
                            json={'network': {'name': name}}, timeout=30)
    resp.raise_for_status()
    net_id = resp.json()['network']['id']
    resp = client.http.post(client.url('network', '/v2.0/subnets'), timeout=30, json={
        'subnet': {'network_id': net_id, 'name': name, 'ip_version': 4,
                   'cidr': '10.200.0.0/16'}})
    resp.raise_for_status()
    return net_id


def lift_quotas(cloud_name, client):
    """Raise the project's quotas when the admin cloud is configured (no-op otherwise)."""
    try:
        admin = Client(load_cloud(cloud_name + '-admin'), 2)
    except SystemExit:
        return False
    body = {'quota_set': {'instances': -1, 'cores': -1, 'ram': -1}}
    resp = admin.http.put(admin.url('compute', '/os-quota-sets/%s' % client.project_id),
                          json=body, timeout=30)
    return resp.status_code == 200


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100.0 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--cloud', default='novalite')
    parser.add_argument('--topology', default=None,
                        help='start and benchmark these clouds, comma-separated: aio, scaled')
    parser.add_argument('--db', default='postgresql', choices=['postgresql', 'mysql'],
                        help='database of the scaled topology')
    parser.add_argument('--computes', type=int, default=3,
                        help='compute processes of the scaled topology')
    parser.add_argument('--api-workers', type=int, default=2,
                        help='API workers of the scaled topology')
    parser.add_argument('--keep', action='store_true',
                        help='keep the started topology\'s directory (logs) afterwards')
    parser.add_argument('-n', type=int, default=200, help='servers to boot')
    parser.add_argument('-c', type=int, default=20, help='concurrent requests')
    parser.add_argument('--flavor', default='42')
    parser.add_argument('--image', default='cirros')
    parser.add_argument('--network', default=None,
                        help='boot on this network (default: a temporary network with a '
                             '/16 subnet, so thousands of servers get addresses)')
    parser.add_argument('--timeout', type=float, default=600, help='seconds for the whole run')
    parser.add_argument('--trace', default='on',
                        help='with --topology: request tracing on, off, or on,off (each)')
    args = parser.parse_args()
    if not args.topology:
        return run(args)
    results, code = [], 0
    for name in args.topology.split(','):
        for tracing in args.trace.split(','):
            line, rc = run_topology(args, name.strip(), tracing.strip())
            results.append(line)
            code = code or rc
    print('\n'.join(results))
    return code


def run_topology(args, name, tracing='on'):
    """Start the named topology in a temporary directory, benchmark it, stop it."""
    import tempfile

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    from tests.functional import topology
    workdir = tempfile.mkdtemp(prefix='novalite-bench-%s-' % name)
    if tracing not in ('on', 'off'):
        sys.exit('--trace takes on, off or on,off')
    extra = '[trace]\nenabled = %s\n' % ('true' if tracing == 'on' else 'false')
    if name == 'aio':
        cloud = topology.AllInOne(workdir, extra_conf=extra)
        start, stop = cloud.start, cloud.stop

        def pids():
            return [cloud.process.pid]
    elif name == 'scaled':
        cloud = topology.Topology(workdir, backend=args.db,
                                  computes=['bench%d' % i for i in range(args.computes)],
                                  api_workers=args.api_workers, report_interval=10,
                                  service_down_time=60, extra_conf='\n' + extra)

        def start():
            cloud.setup()
            cloud.start_all()
        stop = cloud.teardown

        def pids():
            return [p.pid for p in cloud.processes.values() if p.poll() is None]
    else:
        sys.exit('unknown topology %r (aio, scaled)' % name)
    try:
        start()
        os.environ['OS_CLIENT_CONFIG_FILE'] = cloud.clouds_yaml
        print('topology=%s trace=%s at %s (state in %s)' % (name, tracing, cloud.url, workdir),
              flush=True)
        line, rc = run(args, summary=True, cpu_of=pids)
    finally:
        stop()
        if not args.keep:
            import shutil
            shutil.rmtree(workdir, ignore_errors=True)
    return 'topology=%s trace=%s %s' % (name, tracing, line), rc


def cpu_seconds(pids):
    """CPU time (user + system) of these processes and all their descendants (API workers
    are children of the API parent), from /proc."""
    tick = os.sysconf('SC_CLK_TCK')
    stats = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/stat' % entry) as f:
                    fields = f.read().rsplit(')', 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    wanted, total = set(pids), 0
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _) in stats.items():
            if ppid in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    for pid in wanted:
        if pid in stats:
            total += stats[pid][1]
    return total / float(tick)


def run(args, summary=False, cpu_of=None):
    deadline = time.monotonic() + args.timeout

    client = Client(load_cloud(args.cloud), args.c + 4)
    lift_quotas(args.cloud, client)
    image_id = client.get('image', '/v2/images?name=%s' % args.image).json()['images'][0]['id']
    temp_net = None
    if args.network:
        net_id = client.get('network', '/v2.0/networks?name=%s'
                            % args.network).json()['networks'][0]['id']
    else:
        temp_net = net_id = make_network(client, 'bench-%d' % os.getpid())
    body = {'server': {'imageRef': image_id, 'flavorRef': args.flavor,
                       'networks': [{'uuid': net_id}]}}
    prefix = 'bench-%d-' % os.getpid()
    post_ms, ids, errors = [], [], []
    lock = threading.Lock()

    def boot(i):
        payload = {'server': dict(body['server'], name='%s%d' % (prefix, i))}
        t0 = time.perf_counter()
        resp = client.http.post(client.url('compute', '/servers'), json=payload, timeout=60)
        elapsed = (time.perf_counter() - t0) * 1000
        with lock:
            post_ms.append(elapsed)
            if resp.status_code == 202:
                ids.append(resp.json()['server']['id'])
            else:
                errors.append(resp.text[:200])

    def wait_all_active(wanted):
        """Poll the detail list (one request for all servers) until none is building."""
        final = {}
        while time.monotonic() < deadline:
            resp = client.get('compute', '/servers/detail?name=%s' % urllib.parse.quote(prefix))
            final = {s['id']: s['status'] for s in resp.json()['servers'] if s['id'] in wanted}
            if len(final) == len(wanted) and all(v in ('ACTIVE', 'ERROR')
                                                 for v in final.values()):
                break
            time.sleep(0.1)
        return [final.get(sid, 'TIMEOUT') for sid in wanted]

    cpu_before = cpu_seconds(cpu_of()) if cpu_of else None
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.c) as pool:
        list(pool.map(boot, range(args.n)))
    final = wait_all_active(set(ids))
    boot_seconds = time.perf_counter() - start
    active = final.count('ACTIVE')
    cpu_boot = cpu_seconds(cpu_of()) - cpu_before if cpu_of else None

    gets = max(args.n * 5, 500)
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.c) as pool:
        codes = list(pool.map(lambda i: client.get('compute', '/servers/%s'
                                                   % ids[i % len(ids)]).status_code,
                              range(gets if ids else 0)))
    get_seconds = time.perf_counter() - t0

    with concurrent.futures.ThreadPoolExecutor(args.c) as pool:
        list(pool.map(lambda sid: client.http.delete(client.url('compute', '/servers/%s' % sid),
                                                     timeout=60), ids))
    remaining = set(ids)
    while remaining and time.monotonic() < deadline:
        for sid in list(remaining):
            if client.get('compute', '/servers/%s' % sid).status_code == 404:
                remaining.discard(sid)
        time.sleep(0.1)

    if temp_net:
        client.http.delete(client.url('network', '/v2.0/networks/%s' % temp_net), timeout=60)

    print('booted=%d active=%d error=%d post_errors=%d not_deleted=%d seconds=%.2f'
          % (args.n, active, final.count('ERROR'), len(errors), len(remaining), boot_seconds))
    if errors:
        print('first POST error: %s' % errors[0])
    line = 'boots_per_s=%.1f post_p50_ms=%.1f post_p99_ms=%.1f get_rps=%.1f' % (
        active / boot_seconds if boot_seconds else 0.0,
        statistics.median(post_ms) if post_ms else 0.0,
        percentile(post_ms, 99) if post_ms else 0.0,
        (codes.count(200) / get_seconds) if get_seconds and codes else 0.0)
    if cpu_boot is not None:
        line += ' cpu_ms_per_boot=%.1f' % (cpu_boot * 1000 / max(1, active))
    print(line, flush=True)
    rc = 0 if active == args.n and not remaining else 1
    return (line, rc) if summary else rc


if __name__ == '__main__':
    sys.exit(main())
