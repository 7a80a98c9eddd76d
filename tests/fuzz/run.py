"""Fuzz a fresh all-in-one novalite from its own OpenAPI document with schemathesis
(``tox -e fuzz``, part of .ci/run).

Starts ``novalite serve`` on a free loopback port in a temporary state directory, fetches
/openapi.json (generated from the route tables, never written by hand), and runs
schemathesis against it three times side by side, each bounded by ``--max-time``:

- the coverage phase (boundary and negative values for every parameter and body of every
  operation, deterministic) as admin and as the demo member;
- the fuzzing phase as the demo member: ``--max-examples`` random cases an operation.

Any 5xx, any status the document does not list, any fault body that does not match the
service's fault dialect, any response slower than ``--max-response-time`` (a hang) fails
the run. The server's log is kept in the state directory (``--keep``).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from tests.functional.conftest import start_cloud, stop_cloud  # noqa: E402

CHECKS = ('not_a_server_error', 'status_code_conformance', 'content_type_conformance',
          'response_schema_conformance')


def write_config(doc, path):
    """schemathesis.toml: the checks, and no not_a_server_error for the operations the
    document says answer 501 as upstream does (Neutron's POST /v2.0/quotas)."""
    lines = ['[checks]', 'enabled = false']
    lines += ['%s.enabled = true' % check for check in CHECKS]
    for url, ops in sorted(doc['paths'].items()):
        for method, op in sorted(ops.items()):
            if '501' in op['responses']:
                lines += ['', '[[operations]]', 'include-path = %s' % json.dumps(url),
                          'include-method = %s' % json.dumps(method.upper()),
                          'checks.not_a_server_error.enabled = false']
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def schemathesis(config, schema, url, token, phases, max_examples, max_time, workdir,
                 seed):
    """Start one bounded schemathesis run (a process; they run side by side)."""
    exe = shutil.which('schemathesis') or os.path.join(os.path.dirname(sys.executable),
                                                       'schemathesis')
    os.makedirs(workdir, exist_ok=True)
    # one worker a run: Python 3.11's ast is not thread-safe for hypothesis's lambda
    # sources; the runs go side by side as processes instead
    args = [exe, '--config-file', config, 'run', schema, '--url', url,
            '-H', 'X-Auth-Token: %s' % token, '--phases', phases, '--workers', '1',
            '--request-timeout', '60', '--max-response-time', '30',
            '--max-examples', str(max_examples), '--no-shrink', '--seed', str(seed),
            '--max-time', str(max_time), '--report', 'junit,ndjson',
            '--report-dir', workdir, '--warnings', 'off']
    log = open(os.path.join(workdir, 'schemathesis.log'), 'w')
    return subprocess.Popen(args, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)


def requests_sent(workdir):
    count = 0
    for name in os.listdir(workdir):
        if name.endswith('.ndjson'):
            with open(os.path.join(workdir, name)) as f:
                count += sum(line.count('"status_code"') for line in f)
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--max-examples', type=int, default=5,
                        help='random cases an operation in the fuzzing phase')
    parser.add_argument('--max-time', type=int, default=200,
                        help='seconds each schemathesis run may take at most')
    parser.add_argument('--seed', type=int, default=18)
    parser.add_argument('--keep', action='store_true', help='keep the state directory')
    args = parser.parse_args(argv)
    state = tempfile.mkdtemp(prefix='novalite-fuzz-')
    cloud = start_cloud(state)
    failed = []
    total = 0
    try:
        doc = requests.get(cloud.url + '/openapi.json', timeout=120).json()
        schema = os.path.join(state, 'openapi.json')
        with open(schema, 'w') as f:
            json.dump(doc, f)
        config = os.path.join(state, 'schemathesis.toml')
        write_config(doc, config)
        runs = {}
        for name, user, phases in (('admin-coverage', 'admin', 'coverage'),
                                   ('member-coverage', 'demo', 'coverage'),
                                   ('member-fuzzing', 'demo', 'fuzzing')):
            runs[name] = schemathesis(config, schema, cloud.url, cloud.token(user), phases,
                                      args.max_examples, args.max_time,
                                      os.path.join(state, name), args.seed)
        started = time.monotonic()
        for name, proc in runs.items():
            code = proc.wait(args.max_time + 600)
            workdir = os.path.join(state, name)
            sent = requests_sent(workdir)
            total += sent
            print('%s: exit %d, %d requests (%.0f s)' % (name, code, sent,
                                                        time.monotonic() - started))
            with open(os.path.join(workdir, 'schemathesis.log')) as f:
                output = f.read()
            if code:
                failed.append(name)
                print(output[-20000:])
            else:
                print(output[output.rfind('=== SUMMARY'):][-3000:])
    finally:
        stop_cloud(cloud.process)
        print('server log: %s/serve.log' % state, flush=True)
        if not args.keep and not failed:
            shutil.rmtree(state, ignore_errors=True)
    print('requests sent: %d' % total)
    print('fuzz: %d passed, %d failed' % (3 - len(failed), len(failed)), flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
