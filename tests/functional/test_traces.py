"""Traces of requests (GET /novalite/v1/traces...) over HTTP against `novalite serve`."""
import json

import pytest

from tests.functional import trace_checks
from tests.functional.test_boot_flow import _boot

TRACES = '/novalite/v1/traces'


@pytest.fixture(scope='module')
def booted(cloud):
    headers, body = _boot(cloud, 'traced')
    server_id = body['server']['id']
    server, _ = cloud.wait_server(server_id)
    assert server['status'] == 'ACTIVE'
    return headers['x-openstack-request-id'], server_id


def test_boot_trace_in_order_and_nested(cloud, booted):
    request_id, server_id = booted
    trace = trace_checks.get_trace(cloud, request_id, want=trace_checks.boot_complete)
    assert trace['request_id'] == request_id
    trace_checks.check_boot_trace(trace, server_id)


def test_instance_action_request_id_leads_to_trace(cloud, booted):
    request_id, server_id = booted
    status, _, body = cloud.request('GET', '/compute/v2.1/servers/%s/os-instance-actions'
                                    % server_id)
    assert status == 200
    create = [a for a in body['instanceActions'] if a['action'] == 'create'][0]
    assert create['request_id'] == request_id
    status, _, body = cloud.request('GET', TRACES + '?server_id=%s&limit=10' % server_id)
    assert status == 200
    assert request_id in [t['request_id'] for t in body['traces']]
    listed = [t for t in body['traces'] if t['request_id'] == request_id][0]
    assert listed['method'] == 'POST' and listed['status'] == 202
    assert server_id in listed['server_ids'] and listed['span_count'] > 10


def test_failed_spawn_shows_the_reschedule(cloud):
    headers, body = _boot(cloud, 'doomed', metadata={'novalite:fail': 'spawn'})
    server_id = body['server']['id']
    server, _ = cloud.wait_server(server_id)
    assert server['status'] == 'ERROR'
    trace_checks.check_reschedule_trace(cloud, headers['x-openstack-request-id'], server_id)



def test_unknown_trace_is_404(cloud):
    status, _, body = cloud.request('GET', TRACES + '/req-00000000-0000-0000-0000-000000000000')
    assert status == 404 and body['itemNotFound']['code'] == 404


def test_other_projects_trace_is_404_admin_sees_all(cloud, booted):
    request_id, server_id = booted
    _, headers, _ = cloud.request('GET', '/compute/v2.1/flavors', token='admin')
    admin_request = headers['x-openstack-request-id']
    trace = trace_checks.get_trace(cloud, admin_request, token='admin')
    assert trace['spans'][0]['name'] == 'GET /compute/v2.1/flavors'
    status, _, _ = cloud.request('GET', TRACES + '/' + admin_request, token='demo')
    assert status == 404
    status, _, body = cloud.request('GET', TRACES + '?limit=1000', token='demo')
    assert status == 200 and admin_request not in [t['request_id'] for t in body['traces']]
    # the admin reads the demo project's trace, with the host names the member does not see
    status, _, body = cloud.request('GET', TRACES + '/' + request_id, token='admin')
    assert status == 200 and body['trace']['request_id'] == request_id
    as_admin = json.dumps(body)
    as_member = json.dumps(cloud.request('GET', TRACES + '/' + request_id)[2])
    hosts = [h for h in ('compute1', 'compute2') if '"host": "%s"' % h in as_admin]
    assert hosts and not [h for h in hosts if h in as_member]
    assert '"host": "host-' in as_member


@pytest.mark.parametrize('query', ['limit=0', 'limit=x', 'limit=1001', 'server_id=%27;--',
                                   'colour=red'])
def test_bad_query_is_400(cloud, query):
    status, _, body = cloud.request('GET', TRACES + '?' + query)
    assert status == 400 and body['badRequest']['code'] == 400


def test_traces_need_a_token(cloud):
    status, _, _ = cloud.request('GET', TRACES, token=None)
    assert status == 401


def _cli(cloud, *args):
    import os
    import subprocess
    import sys
    exe = os.path.join(os.path.dirname(sys.executable), 'novalite')
    return subprocess.run([exe, 'trace', '--os-cloud', 'novalite', '--width', '160']
                          + list(args), capture_output=True, text=True, env=cloud.env(),
                          timeout=60)


def test_cli_prints_the_waterfall(cloud, booted):
    request_id, server_id = booted
    trace_checks.get_trace(cloud, request_id, want=trace_checks.boot_complete)
    for target in (request_id, server_id, 'traced'):
        proc = _cli(cloud, target)
        assert proc.returncode == 0, proc.stderr
        lines = proc.stdout.splitlines()
        assert lines[0].startswith(request_id) or request_id in proc.stdout
        names = [line for line in lines if 'handle compute.build_and_run_instance' in line]
        assert names and 'compute@host-' in names[0]  # host names are the admin's
        spawn = [line for line in lines if line.split()[2:3] == ['spawn']]
        assert spawn, proc.stdout
    proc = _cli(cloud, 'req-00000000-0000-0000-0000-000000000000')
    assert proc.returncode == 1 and 'no trace of request' in proc.stderr
    proc = _cli(cloud, 'no-such-server')
    assert proc.returncode == 1 and 'no server named' in proc.stderr
