"""oslo.messaging wiring: one transport per process, clients and servers that carry the
request context with every message.

``memory://`` (oslo.messaging's in-memory driver, woken by deliveries: novalite/rpc_memory.py)
in the all-in-one process, ``rabbit://`` scaled out; ``fake://`` works too, 50 ms a hop slower.
"""
import oslo_messaging as messaging
from oslo_serialization import jsonutils
from oslo_messaging import opts as messaging_opts

from novalite import concurrency
from novalite import context as nl_context
from novalite import trace
from novalite import trace_rpc

_TRANSPORT = None
_CONF = None


def register_opts(conf):
    """oslo.messaging's options on ``conf`` (its drivers read more of them at run time)."""
    for group, opts in messaging_opts.list_opts():
        conf.register_opts(opts, group=getattr(group, 'name', group))
    # the RPC client reads its metrics and tracing options from the conf it was given;
    # oslo.messaging registers them on the global CONF only (see its ConfFixture)
    from oslo_messaging._metrics import client as metrics
    from oslo_messaging._tracing import client as tracing
    conf.register_opts(metrics.oslo_messaging_metrics, group='oslo_messaging_metrics')
    conf.register_opts(tracing.oslo_messaging_tracing, group='oslo_messaging_tracing')
    conf.set_default('transport_url', 'memory://')
    conf.set_default('control_exchange', 'novalite')
    # RabbitMQ: the topic queues survive a broker restart, so a cast sent before the
    # conductor (or a compute host) has reconnected waits in its queue instead of being
    # dropped; and services reconnect every second, not backing off to 30 s
    conf.set_default('amqp_durable_queues', True, group='oslo_messaging_rabbit')
    conf.set_default('rabbit_interval_max', 1, group='oslo_messaging_rabbit')
    conf.set_default('kombu_reconnect_delay', 0.5, group='oslo_messaging_rabbit')


def init(conf):
    global _TRANSPORT, _CONF
    register_opts(conf)
    _CONF = conf
    _TRANSPORT = messaging.get_rpc_transport(conf, url=conf.transport_url,
                                             allowed_remote_exmods=['novalite.exception'])
    return _TRANSPORT


def cleanup():
    global _TRANSPORT
    if _TRANSPORT is not None:
        _TRANSPORT.cleanup()
    _TRANSPORT = None


class ContextSerializer(messaging.NoOpSerializer):
    """Entities travel as JSON primitives (datetimes as ISO strings) on every transport, so
    the in-memory one behaves like RabbitMQ; the context travels as its dict."""

    def serialize_entity(self, context, entity):
        return jsonutils.to_primitive(entity, convert_datetime=True)

    def serialize_context(self, context):
        d = context.to_dict()
        carrier = trace.carrier()  # the sending span, so the handler's nests under it
        if carrier is not None:
            d[trace.CONTEXT_KEY] = carrier
        return d

    def deserialize_context(self, context):
        ctx = nl_context.RequestContext.from_dict(context)
        ctx.trace_carrier = context.get(trace.CONTEXT_KEY)
        return ctx


def get_client(topic, version, server=None, timeout=None):
    if _TRANSPORT is None:
        raise RuntimeError('novalite.rpc.init() has not been called')
    target = messaging.Target(topic=topic, version=version, server=server)
    return trace_rpc.TracedClient(
        messaging.get_rpc_client(_TRANSPORT, target, serializer=ContextSerializer(),
                                 timeout=timeout), topic, server)


def get_server(topic, server, endpoints, version):
    target = messaging.Target(topic=topic, server=server, version=version)
    endpoints = [trace_rpc.TracedEndpoint(e, topic, server) for e in endpoints]
    return messaging.get_rpc_server(_TRANSPORT, target, endpoints,
                                    executor=concurrency.RPC_EXECUTOR,
                                    serializer=ContextSerializer())
