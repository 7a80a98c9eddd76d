"""What a boot's trace must show (shared by the all-in-one and the scaled-out tests)."""
import time


def get_trace(cloud, request_id, token='demo', want=None, timeout=30):
    """The trace of ``request_id``; with ``want(trace)``, waits until it holds (spans are
    written in batches, from every process)."""
    deadline = time.monotonic() + timeout
    while True:
        status, _, body = cloud.request('GET', '/novalite/v1/traces/%s' % request_id,
                                        token=token)
        if status == 200 and want is None:
            return body['trace']
        if status == 200 and want(body['trace']):
            # the other processes flush every [trace] flush_interval: let them catch up
            time.sleep(1.2)
            status, _, body = cloud.request('GET', '/novalite/v1/traces/%s' % request_id,
                                            token=token)
            return body['trace']
        if time.monotonic() > deadline:
            raise AssertionError('trace %s: %s %s' % (request_id, status, body))
        time.sleep(0.2)


def _ancestors(spans, span):
    by_id = {s['id']: s for s in spans}
    out = []
    while span['parent_id'] in by_id:
        span = by_id[span['parent_id']]
        out.append(span)
    return out


def one(spans, kind, name_part):
    found = [s for s in spans if s['kind'] == kind and name_part in s['name']]
    assert found, '%s %r not in %s' % (kind, name_part, [(s['kind'], s['name'])
                                                          for s in spans])
    return found[0]


def states(spans, field):
    return [s['attributes']['value'] for s in spans
            if s['kind'] == 'state' and s['attributes']['field'] == field]


def boot_complete(trace):
    """The boot's last step is written: vm_state active and every span above it up to the
    compute host's build (that last conductor call also finishes the build's action
    event, conductor RPC 1.4)."""
    spans = trace['spans']
    return any(s['kind'] == 'state' and s['name'] == 'vm_state active'
               and any(a['kind'] == 'handle' and a['name'] == 'handle compute.'
                       'build_and_run_instance' for a in _ancestors(spans, s))
               for s in spans)


def check_boot_trace(trace, server_id):
    spans = trace['spans']
    assert spans == sorted(spans, key=lambda s: (s['offset_ms']))
    api = spans[0]
    assert api['parent_id'] is None and api['kind'] == 'http'
    assert api['name'] == 'POST /compute/v2.1/servers'
    assert api['attributes']['status'] == 202 and api['attributes']['method'] == 'POST'
    assert api['attributes']['microversion']
    assert api['attributes']['db_statements'] > 0 and api['attributes']['db_transactions'] > 0
    assert server_id in trace['server_ids']

    cast_conductor = one(spans, 'cast', 'conductor.schedule_and_build_instances')
    conductor = one(spans, 'handle', 'conductor.schedule_and_build_instances')
    sched_call = one(spans, 'call', 'scheduler.select_destinations')
    scheduler = one(spans, 'handle', 'scheduler.select_destinations')
    cast_compute = one(spans, 'cast', 'build_and_run_instance')
    compute = one(spans, 'handle', 'compute.build_and_run_instance')
    ports = one(spans, 'rest', '/networking/v2.0/ports')
    image = [s for s in spans if s['kind'] == 'rest' and '/image/v2/images/' in s['name']
             and s['parent_id'] == compute['id']]
    spawn = one(spans, 'step', 'spawn')
    # nesting: each hop under the one that caused it
    assert cast_conductor['parent_id'] == api['id']
    assert conductor['parent_id'] == cast_conductor['id']
    assert sched_call['parent_id'] == conductor['id']
    assert scheduler['parent_id'] == sched_call['id']
    assert cast_compute['parent_id'] == conductor['id']
    assert compute['parent_id'] == cast_compute['id']
    assert ports['parent_id'] == compute['id'] and image
    assert spawn['parent_id'] == compute['id']
    assert spawn['server_id'] == server_id
    assert scheduler['service'] == 'scheduler' and conductor['service'] == 'conductor'
    assert compute['service'] == 'compute' and compute['host'] == cast_compute[
        'attributes']['to'].split('.', 1)[1]
    assert 'queue_wait_ms' in compute['attributes']
    # the network service answered the port call within the same trace
    assert [s for s in spans if s['kind'] == 'http' and s['parent_id'] == ports['id']
            and s['name'] == 'POST /networking/v2.0/ports']
    # order
    order = [api, cast_conductor, conductor, sched_call, scheduler, cast_compute, compute,
             ports, image[-1], spawn]
    starts = [s['offset_ms'] for s in order]
    assert starts == sorted(starts), [(s['name'], s['offset_ms']) for s in order]
    assert states(spans, 'task_state') == ['scheduling', 'networking', 'spawning', None]
    assert states(spans, 'vm_state') == ['building', 'active']
    spawning = [s for s in spans if s['name'] == 'task_state spawning'][0]
    active = [s for s in spans if s['name'] == 'vm_state active'][0]
    assert ports['offset_ms'] < spawning['offset_ms'] < spawn['offset_ms'] <= active[
        'offset_ms']
    # the state writes happen in the conductor, each under the call that asked for it
    assert compute['id'] in [a['id'] for a in _ancestors(spans, active)]
    return {'api': api, 'compute': compute, 'spawn': spawn}


def check_reschedule_trace(cloud, request_id, server_id):
    """The trace of a boot whose spawn fails on every host (``novalite:fail=spawn``)."""
    def done(trace):
        return any(s['kind'] == 'fault' for s in trace['spans'])
    trace = get_trace(cloud, request_id, want=done)
    spans = trace['spans']
    injected = [s for s in spans if s['kind'] == 'inject']
    steps = [s for s in spans if s['kind'] == 'step' and s['name'] == 'spawn']
    reschedules = [s for s in spans if s['kind'] == 'reschedule']
    assert injected and all(s['outcome'].startswith('error') for s in steps)
    assert reschedules, [(s['kind'], s['name']) for s in spans]
    first_step = steps[0]
    assert reschedules[0]['offset_ms'] > first_step['offset_ms']
    assert reschedules[0]['attributes']['failed_host']
    # the build went to another host after the reschedule
    hosts = [s['host'] for s in spans if s['kind'] == 'handle'
             and s['name'] == 'handle compute.build_and_run_instance']
    assert len(hosts) >= 2 and hosts[0] != hosts[1]
    assert 'error' in [s['attributes']['value'] for s in spans if s['kind'] == 'state'
                       and s['attributes']['field'] == 'vm_state']
    fault = [s for s in spans if s['kind'] == 'fault'][0]
    assert fault['server_id'] == server_id
