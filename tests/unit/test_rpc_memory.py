"""memory:// — oslo.messaging's in-memory driver, woken by deliveries."""
import threading

import oslo_messaging as messaging
import pytest
from oslo_config import cfg

from novalite import context
from novalite import rpc


class Endpoint:
    target = messaging.Target(version='1.0')

    def __init__(self):
        self.casts = []
        self.cast_seen = threading.Event()

    def echo(self, ctxt, value):
        return {'value': value, 'request_id': ctxt.request_id}

    def note(self, ctxt, value):
        self.casts.append(value)
        self.cast_seen.set()

    def fail(self, ctxt):
        from novalite import exception
        raise exception.InstanceNotFound(instance_id='gone')


@pytest.fixture
def transport():
    conf = cfg.ConfigOpts()
    conf([], default_config_files=[])
    transport = rpc.init(conf)
    assert conf.transport_url == 'memory://'
    yield transport
    rpc.cleanup()


def test_call_cast_and_remote_exceptions(transport):
    endpoint = Endpoint()
    server = rpc.get_server('things', 'host1', [endpoint], '1.0')
    server.start()
    try:
        ctx = context.RequestContext(user_id='u', project_id='p', request_id='req-1',
                                     overwrite=False)
        client = rpc.get_client('things', '1.0', timeout=10)
        # calls answer with the value and carry the context
        for i in range(20):
            assert client.prepare(server='host1').call(ctx, 'echo', value=i) == {
                'value': i, 'request_id': 'req-1'}
        client.prepare(server='host1').cast(ctx, 'note', value='hello')
        assert endpoint.cast_seen.wait(10)
        assert endpoint.casts == ['hello']
        from novalite import exception
        with pytest.raises(exception.InstanceNotFound):
            client.prepare(server='host1').call(ctx, 'fail')
    finally:
        server.stop()
        server.wait()


def test_a_call_nobody_serves_times_out(transport):
    client = rpc.get_client('nobody', '1.0', timeout=0.2)
    ctx = context.RequestContext(overwrite=False)
    with pytest.raises(messaging.MessagingTimeout):
        client.call(ctx, 'echo', value=1)
