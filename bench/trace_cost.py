#!/usr/bin/env python3
"""What request tracing costs per boot, in one process, without the rest of the boot.

    python bench/trace_cost.py [--boots 200] [--rounds 8]

Replays, with the real tracing code (api/middleware/trace.py, trace_rpc.py, the REST hop of
service_client.py, trace.states, virt/tracing.py, db/trace_db.py), the hops of one boot as
``bench/boot.py`` makes them on the all-in-one topology: 44 spans (the API request, 5 REST
calls and the requests they reach, 9 RPC casts/calls and their handlers, 9 state changes,
the spawn step) and the 118 database statements in 49 transactions made under them (real
``SELECT 1`` on a SQLite file, so the statement counters run as in a boot), the finished
spans written in batches to ``trace_spans`` as the flusher does (one batch per 10 boots,
about [trace] flush_interval at 20 boots/s). The inner application does nothing else, so the
difference between rounds with tracing on and off is what tracing adds.

Rounds alternate on / off; the last line is
    trace_on_ms_per_boot=... trace_off_ms_per_boot=... overhead_ms_per_boot=...
(medians of the rounds' process CPU time per boot).
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

# (kind, name, statements, transactions, children): one boot's trace as the all-in-one
# topology records it (GET /novalite/v1/traces/<request id> of a boot, hosts renamed).
IMAGE = '/image/v2/images/2939053d-9313-45a4-9616-b49d8d98ed35'
NETWORK = '/networking/v2.0/networks/b1005d5d-80ef-44ec-b63c-499fc5dad79b'
TOKENS = '/identity/v3/auth/tokens'


def _rest(method, path, service, statements, transactions):
    return ('rest', (method, path), 0, 0,
            [('http', (method, path, service), statements, transactions, [])])


def _rpc(kind, topic, method, statements, transactions, children=()):
    return (kind, (topic, method), 0, 0,
            [('handle', (topic, method), statements, transactions, list(children))])


BOOT = ('http', ('POST', '/v2.1/servers', 'compute'), 13, 2, [
    _rest('POST', TOKENS, 'identity', 17, 9),
    _rest('GET', IMAGE, 'image', 9, 2),
    _rest('GET', NETWORK, 'network', 3, 2),
    ('state', {'vm_state': 'building', 'task_state': 'scheduling', 'power_state': 0},
     0, 0, []),
    _rpc('cast', 'conductor', 'schedule_and_build_instances', 9, 3, [
        _rpc('call', 'scheduler', 'select_destinations', 6, 4),
        ('cast', ('compute', 'build_and_run_instance'), 0, 0, [
            ('handle', ('compute', 'build_and_run_instance'), 0, 0, [
                _rpc('call', 'conductor', 'action_event_start', 3, 1),
                _rpc('call', 'conductor', 'instance_update', 2, 1, [
                    ('state', {'task_state': 'networking'}, 0, 0, [])]),
                _rest('POST', TOKENS, 'identity', 17, 9),
                _rest('POST', '/networking/v2.0/ports', 'network', 23, 8),
                _rest('GET', NETWORK, 'network', 3, 2),
                _rpc('call', 'conductor', 'instance_update', 2, 1),
                _rpc('call', 'conductor', 'bdm_get_by_instance', 1, 1),
                _rpc('call', 'conductor', 'instance_update', 2, 1, [
                    ('state', {'task_state': 'spawning'}, 0, 0, [])]),
                _rest('GET', IMAGE, 'image', 2, 1),
                ('step', 'spawn', 0, 0, []),
                _rpc('call', 'conductor', 'instance_update', 2, 1, [
                    ('state', {'vm_state': 'active', 'task_state': None, 'power_state': 1},
                     0, 0, [])]),
                _rpc('call', 'conductor', 'action_event_finish', 4, 1),
            ])]),
    ]),
])


class Replay:
    """Runs the boot's hops through the real tracing wrappers."""

    def __init__(self):
        from novalite import context as nl_context
        from novalite import rpc
        from novalite import service_client
        from novalite import trace_rpc
        from novalite.api.middleware import trace as trace_mw
        from novalite.db import session
        from novalite.virt import tracing
        self.engine = session.get_engine()
        self.no_sql = False
        self.sink = None
        self.serializer = rpc.ContextSerializer()
        self.ctx = nl_context.RequestContext(user_id='u' * 32, project_id='p' * 32,
                                             roles=['member', 'reader'],
                                             request_id='req-x')
        self.service_client = service_client
        self.trace_rpc = trace_rpc
        self.trace_mw = trace_mw
        self.tracing = tracing
        self.server_id = '4e1c3a0e-9d53-4d4e-9a55-1b2f0c1d2e3f'
        replay = self

        class Session:
            def request(self, method, url, headers=None, **kwargs):
                node = replay._pending
                environ = {'HTTP_X_NOVALITE_TRACE': (headers or {}).get('X-Novalite-Trace')}
                replay.http(node, environ)
                return Response()

        class Response:
            status_code = 200

        service_client.http = lambda: Session()

        class Driver:
            def spawn(self, context, instance, image_meta, network_info):
                replay.children(replay._pending)

        self.driver = tracing.TracedDriver(Driver())

    def statements(self, node):
        _, _, count, transactions, _ = node
        if not count or self.no_sql:
            return
        per = max(1, count // max(1, transactions))
        done = 0
        for i in range(max(1, transactions)):
            with self.engine.begin() as conn:
                n = per if i < transactions - 1 else count - done
                for _ in range(n):
                    conn.exec_driver_sql('SELECT 1')
                done += n

    def children(self, node):
        for child in node[4]:
            getattr(self, child[0])(child)

    def http(self, node, environ=None):
        method, path, service = node[1]
        env = {'REQUEST_METHOD': method, 'SCRIPT_NAME': '/' + service, 'PATH_INFO': path,
               'QUERY_STRING': '', 'openstack.request_id': 'req-%032x' % id(environ),
               'novalite.service': service}
        env.update(environ or {})

        def app(environ, start_response):
            self.statements(node)
            self.children(node)
            environ['novalite.context'] = self.ctx
            start_response('202 Accepted', [('Content-Type', 'application/json'),
                                            ('OpenStack-API-Version', 'compute 2.47')])
            return [b'{}']

        return self.trace_mw.TraceMiddleware(app)(env, lambda status, headers, exc=None: None)

    def rest(self, node):
        method, path = node[1]
        self._pending = node[4][0]
        self.service_client._traced(method, 'http://127.0.0.1:8774' + path, {})

    def _rpc(self, node):
        topic, method = node[1]
        handle = node[4][0]
        replay = self

        class Manager:
            target = None

        def handler(ctxt, **kwargs):
            replay.statements(handle)
            replay.children(handle)
        setattr(Manager, method, staticmethod(handler))
        endpoint = self.trace_rpc.TracedEndpoint(Manager(), topic, 'host1')

        class Client:
            def prepare(self, **kwargs):
                return self

            def cast(self, ctxt, method, **kwargs):
                message = replay.serializer.serialize_context(ctxt)
                received = replay.serializer.deserialize_context(message)
                getattr(endpoint, method)(received, **kwargs)
            call = cast

        client = self.trace_rpc.TracedClient(Client(), topic)
        if topic == 'compute':
            client = client.prepare(server='host1')
        getattr(client, node[0])(self.ctx, method,
                                 instance={'uuid': self.server_id, 'host': 'host1'})

    cast = call = _rpc

    def state(self, node):
        from novalite import trace
        trace.states(self.server_id, node[1])

    def step(self, node):
        self._pending = node
        self.driver.spawn(self.ctx, {'uuid': self.server_id}, {}, [])


def run_blocks(replay, conf, boots, block, flush_every):
    """``boots`` boots with tracing on and as many off, alternating every ``block`` boots
    (so that both settings see the same load on a shared machine); the CPU milliseconds
    per boot of each."""
    from novalite import trace
    from novalite.db import trace_db
    spent = {True: 0.0, False: 0.0}
    done = {True: 0, False: 0}
    setting = False
    while done[True] < boots or done[False] < boots:
        setting = not setting
        conf.set_override('enabled', setting, group='trace')
        trace_db.configure(conf)
        if replay.sink is not None:
            trace.configure(enabled=setting, sink=replay.sink)
        t0 = time.process_time()
        for _ in range(block):
            replay.http(BOOT)
            done[setting] += 1
            if setting and done[True] % flush_every == 0:
                trace.flush()
        trace.flush()
        spent[setting] += time.process_time() - t0
    return (spent[True] * 1000.0 / done[True], spent[False] * 1000.0 / done[False])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--boots', type=int, default=200, help='boots per round')
    parser.add_argument('--rounds', type=int, default=5, help='rounds (each: --boots on, '
                        '--boots off, alternating every --block boots)')
    parser.add_argument('--block', type=int, default=10, help='boots between two switches')
    parser.add_argument('--flush-every', type=int, default=10, help='boots per batch')
    parser.add_argument('--sink', default='db', choices=['db', 'none'],
                        help='none: finished spans are dropped (the cost without the write)')
    parser.add_argument('--no-sql', action='store_true',
                        help='run no statements (the cost of the spans alone)')
    args = parser.parse_args()

    from novalite import conf as nl_conf
    from novalite.db import migration
    from novalite.db import session
    workdir = tempfile.mkdtemp(prefix='novalite-trace-cost-')
    engine = session.configure('sqlite:///%s' % os.path.join(workdir, 'novalite.db'))
    migration.upgrade(engine)
    conf = nl_conf.CONF
    conf([], project='novalite', default_config_files=[])
    replay = Replay()
    replay.no_sql = args.no_sql
    if args.sink == 'none':
        def drop(spans):
            pass
        drop.takes_spans = True
        replay.sink = drop
    run_blocks(replay, conf, args.block, args.block, args.flush_every)  # warm up
    results = {'on': [], 'off': []}
    for _ in range(args.rounds):
        on, off = run_blocks(replay, conf, args.boots, args.block, args.flush_every)
        results['on'].append(on)
        results['off'].append(off)
    on, off = statistics.median(results['on']), statistics.median(results['off'])
    diffs = [a - b for a, b in zip(results['on'], results['off'])]
    print('on:  %s' % ' '.join('%.3f' % v for v in results['on']))
    print('off: %s' % ' '.join('%.3f' % v for v in results['off']))
    print('trace_on_ms_per_boot=%.3f trace_off_ms_per_boot=%.3f overhead_ms_per_boot=%.3f'
          % (on, off, statistics.median(diffs)))
    import shutil
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main()
