#!/usr/bin/env python3
"""Boot benchmark: boots N servers with concurrency C over HTTP, waits for all to be ACTIVE,
measures GET /servers/<id> throughput, deletes them.

    python bench/boot.py --cloud novalite -n 200 -c 20
    python bench/boot.py --topology aio,scaled -n 200 -c 20 [--db postgresql|mysql]
    python bench/boot.py --topology scaled --computes 1,2,4 -n 200 -c 10
    python bench/boot.py --topology aio --servers 10000 [--timeout 1800]

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

Besides, each run reports (lines before the last, and as fields of the last line):
``rss_mib`` (the topology's processes after the boots), ``post_c1_p50_ms`` (POST /servers
one at a time, ``--c1`` servers), and a GET section: it starts a bare eventlet.wsgi hello app
itself on loopback and measures it, then ``/flavors``, ``/servers/{id}`` and
``/servers/detail?limit=50`` with ``wrk`` (8 keep-alive connections, ``--get-seconds`` each;
a keep-alive client in threads when wrk is missing), as req/s, p50, p99 and the ratio to the
hello app measured the same minute (``get_id_x_hello=`` etc.). ``--servers N`` instead boots N
servers in bulk (min_count/max_count, up to ``--batch`` per request, bounded by --timeout)
and reports the time of GET /servers/detail?limit=1000 and the RSS. ``--computes`` takes a
comma-separated list for the scaled topology (one run per count: boots/s as computes grow).
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import statistics
import subprocess
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
    parser.add_argument('--computes', default='3',
                        help='compute processes of the scaled topology; a comma-separated '
                             'list (1,2,4) runs it once per count')
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
    parser.add_argument('--c1', type=int, default=20,
                        help='servers booted one at a time for post_c1_p50_ms (0: skip)')
    parser.add_argument('--get-seconds', type=float, default=3.0,
                        help='seconds of each GET measurement (0: skip the GET section)')
    parser.add_argument('--get-connections', type=int, default=8)
    parser.add_argument('--servers', type=int, default=0,
                        help='instead of the boot run: boot this many servers in bulk and '
                             'time GET /servers/detail?limit=1000 and the RSS')
    parser.add_argument('--batch', type=int, default=100,
                        help='servers per POST (max_count) with --servers')
    args = parser.parse_args()
    if not args.topology:
        return run(args)
    results, code = [], 0
    for name in args.topology.split(','):
        counts = [int(c) for c in args.computes.split(',')] if name.strip() == 'scaled' \
            else [None]
        for computes in counts:
            for tracing in args.trace.split(','):
                line, rc = run_topology(args, name.strip(), tracing.strip(), computes)
                results.append(line)
                code = code or rc
    print('\n'.join(results))
    return code


def run_topology(args, name, tracing='on', computes=None):
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
                                  computes=['bench%d' % i for i in range(computes)],
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
        label = 'topology=%s%s trace=%s' % (
            name, ' computes=%d' % computes if computes else '', tracing)
        print('%s at %s (state in %s)' % (label, cloud.url, workdir), flush=True)
        line, rc = run(args, summary=True, cpu_of=pids)
    finally:
        stop()
        if not args.keep:
            import shutil
            shutil.rmtree(workdir, ignore_errors=True)
    return '%s %s' % (label, line), rc


def cpu_seconds(pids):
    """CPU time (user + system) of these processes and all their descendants (API workers
    are children of the API parent), from /proc."""
    stats, wanted = _family(pids)
    return sum(stats[pid][1] for pid in wanted if pid in stats) / float(
        os.sysconf('SC_CLK_TCK'))


def rss_mib(pids):
    """Resident memory of these processes and their descendants, MiB (VmRSS)."""
    total = 0
    for pid in _family(pids)[1]:
        try:
            with open('/proc/%d/status' % pid) as f:
                for row in f:
                    if row.startswith('VmRSS:'):
                        total += int(row.split()[1])
        except OSError:
            continue
    return total / 1024.0


def _family(pids):
    stats = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/stat' % entry) as f:
                    fields = f.read().rsplit(')', 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    wanted = set(pids)
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _) in stats.items():
            if ppid in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    return stats, wanted


HELLO_APP = """
import eventlet
eventlet.monkey_patch()
from eventlet import wsgi


def app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', '2')])
    return [b'{}']


sock = eventlet.listen(('127.0.0.1', 0))
print(sock.getsockname()[1], flush=True)
wsgi.server(sock, app, log_output=False, custom_pool=eventlet.GreenPool(1000))
"""


class HelloApp:
    """A bare eventlet.wsgi app on a loopback port, the yardstick of the GET section."""

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, '-W', 'ignore', '-c', HELLO_APP],
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                         env=dict(os.environ, EVENTLET_NO_GREENDNS='yes'))
        self.url = 'http://127.0.0.1:%d/' % int(self.process.stdout.readline())
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)


_UNIT_MS = {'us': 0.001, 'ms': 1.0, 's': 1000.0, 'm': 60000.0}


def load_get(url, headers, seconds, connections):
    """(req/s, p50 ms, p99 ms, non-2xx) of GET ``url`` over keep-alive connections."""
    if shutil.which('wrk'):
        cmd = ['wrk', '-t1', '-c%d' % connections, '-d%ds' % max(1, round(seconds)),
               '--latency', '--timeout', '10s']
        for name, value in headers.items():
            cmd += ['-H', '%s: %s' % (name, value)]
        out = subprocess.run(cmd + [url], capture_output=True, text=True,
                             timeout=seconds + 30).stdout
        pct = {m.group(1): float(m.group(2)) * _UNIT_MS[m.group(3)] for m in re.finditer(
            r'^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$', out, re.M)}
        rps = re.search(r'Requests/sec:\s+([\d.]+)', out)
        bad = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', out)
        return (float(rps.group(1)) if rps else 0.0, pct.get('50', 0.0), pct.get('99', 0.0),
                int(bad.group(1)) if bad else 0)
    latencies, bad, lock = [], [0], threading.Lock()
    end = time.monotonic() + seconds

    def worker():
        http = requests.Session()
        http.trust_env = False
        mine = []
        while time.monotonic() < end:
            t0 = time.perf_counter()
            resp = http.get(url, headers=headers, timeout=30)
            mine.append((time.perf_counter() - t0) * 1000)
            if resp.status_code >= 300:
                with lock:
                    bad[0] += 1
        with lock:
            latencies.extend(mine)
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    if not latencies:
        return 0.0, 0.0, 0.0, bad[0]
    return (len(latencies) / seconds, statistics.median(latencies),
            percentile(latencies, 99), bad[0])


def get_section(args, client, server_id):
    """The hello app, then /flavors, /servers/{id}, /servers/detail?limit=50, each measured
    the same way; returns the fields for the last line."""
    headers = {'X-Auth-Token': client.token, 'OpenStack-API-Version': 'compute 2.47'}
    with HelloApp() as hello:
        hello_rps, p50, p99, _ = load_get(hello.url, {}, args.get_seconds,
                                          args.get_connections)
    print('GET hello: %.0f req/s p50=%.2fms p99=%.2fms (%s, %d connections, %.0fs)'
          % (hello_rps, p50, p99, 'wrk' if shutil.which('wrk') else 'python client',
             args.get_connections, args.get_seconds), flush=True)
    fields = ' hello_rps=%.0f' % hello_rps
    for key, path in (('flavors', '/flavors'), ('id', '/servers/%s' % server_id),
                      ('detail', '/servers/detail?limit=50')):
        rps, p50, p99, bad = load_get(client.url('compute', path), headers, args.get_seconds,
                                      args.get_connections)
        ratio = rps / hello_rps if hello_rps else 0.0
        print('GET %s: %.0f req/s p50=%.2fms p99=%.2fms %.3fx hello%s'
              % (path if key != 'id' else '/servers/{id}', rps, p50, p99, ratio,
                 ' non-2xx=%d' % bad if bad else ''), flush=True)
        fields += ' get_%s_rps=%.0f get_%s_p50_ms=%.2f get_%s_p99_ms=%.1f get_%s_x_hello=%.3f' % (
            key, rps, key, p50, key, p99, key, ratio)
    return fields


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

    if args.servers:
        return run_servers(args, client, body, prefix, deadline, summary, cpu_of, temp_net)

    cpu_before = cpu_seconds(cpu_of()) if cpu_of else None
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.c) as pool:
        list(pool.map(boot, range(args.n)))
    final = wait_all_active(set(ids))
    boot_seconds = time.perf_counter() - start
    active = final.count('ACTIVE')
    cpu_boot = cpu_seconds(cpu_of()) - cpu_before if cpu_of else None
    rss = rss_mib(cpu_of()) if cpu_of else None

    # POST /servers one at a time (the latency of a boot request on an idle service)
    c1_ms = []
    for i in range(args.c1 if time.monotonic() < deadline else 0):
        t0 = time.perf_counter()
        resp = client.http.post(client.url('compute', '/servers'), timeout=60, json={
            'server': dict(body['server'], name='%sc1-%d' % (prefix, i))})
        c1_ms.append((time.perf_counter() - t0) * 1000)
        if resp.status_code == 202:
            ids.append(resp.json()['server']['id'])
        else:
            errors.append(resp.text[:200])
    wait_all_active(set(ids))

    get_fields = ''
    if args.get_seconds > 0 and ids and time.monotonic() < deadline:
        get_fields = get_section(args, client, ids[0])

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
    if rss is not None:
        line += ' rss_mib=%.0f' % rss
    if c1_ms:
        line += ' post_c1_p50_ms=%.1f' % statistics.median(c1_ms)
    line += get_fields
    print(line, flush=True)
    rc = 0 if active == args.n and not remaining else 1
    return (line, rc) if summary else rc


def run_servers(args, client, body, prefix, deadline, summary, cpu_of, temp_net):
    """``--servers N``: boot N servers in bulk (``max_count`` up to --batch per request, c
    requests at a time, until --timeout), then time GET /servers/detail?limit=1000 (the
    first page and the next, five times each) and read the RSS. The servers are deleted
    afterwards only with --cloud (a started topology is thrown away whole)."""
    made, errors, lock = [0], [], threading.Lock()
    batches = [min(args.batch, args.servers - i) for i in range(0, args.servers, args.batch)]

    def bulk(i):
        if time.monotonic() > deadline - 60:
            return
        resp = client.http.post(client.url('compute', '/servers'), timeout=300, json={
            'server': dict(body['server'], name='%s%d' % (prefix, i), min_count=1,
                           max_count=batches[i])})
        with lock:
            if resp.status_code == 202:
                made[0] += batches[i]
            else:
                errors.append(resp.text[:200])

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max(1, min(args.c, 4))) as pool:
        list(pool.map(bulk, range(len(batches))))
    posted = time.perf_counter() - start
    building = None
    while time.monotonic() < deadline - 30:  # wait, bounded, until nothing is building
        resp = client.get('compute', '/servers?status=BUILD&limit=1')
        building = resp.json()['servers'] if resp.status_code == 200 else None
        if not building:
            break
        time.sleep(1)
    built = time.perf_counter() - start
    timings = {}
    for page in ('first', 'next'):
        path = '/servers/detail?limit=1000'
        if page == 'next':
            if made[0] <= 1000:
                break
            first = client.get('compute', path).json()['servers']
            if len(first) < 1000:
                break
            path += '&marker=%s' % first[-1]['id']
        ms, count = [], 0
        for _ in range(5):
            t0 = time.perf_counter()
            resp = client.get('compute', path)
            ms.append((time.perf_counter() - t0) * 1000)
            count = len(resp.json().get('servers', ())) if resp.status_code == 200 else -1
        timings[page] = (statistics.median(ms), count)
    rss = rss_mib(cpu_of()) if cpu_of else None
    print('servers: asked=%d posted=%d post_errors=%d posting_s=%.1f until_not_building_s=%.1f'
          ' still_building=%s' % (args.servers, made[0], len(errors), posted, built,
                                  bool(building)))
    if errors:
        print('first POST error: %s' % errors[0])
    line = 'servers=%d' % made[0]
    for page, (ms, count) in timings.items():
        line += ' detail_1000_%s_ms=%.1f detail_1000_%s_count=%d' % (page, ms, page, count)
    if rss is not None:
        line += ' rss_mib=%.0f' % rss
    if not summary:  # a cloud of the caller's: leave it as it was
        ids = [s['id'] for s in client.get('compute', '/servers?name=%s&limit=%d' % (
            urllib.parse.quote(prefix), args.servers)).json().get('servers', ())]
        with concurrent.futures.ThreadPoolExecutor(args.c) as pool:
            list(pool.map(lambda sid: client.http.delete(
                client.url('compute', '/servers/%s' % sid), timeout=60), ids))
    print(line, flush=True)
    rc = 0 if made[0] == args.servers and not building else 1
    return (line, rc) if summary else rc


if __name__ == '__main__':
    sys.exit(main())
