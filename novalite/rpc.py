"""oslo.messaging wiring: one transport per process, clients and servers that carry the
request context with every message.

``memory://`` (oslo.messaging's in-memory driver, woken by deliveries: novalite/rpc_memory.py)
in the all-in-one process, ``rabbit://`` scaled out; ``fake://`` works too, 50 ms a hop slower.
"""
import datetime
import threading
import types

import oslo_messaging as messaging
from oslo_serialization import jsonutils
from oslo_messaging import opts as messaging_opts
from oslo_messaging.rpc import dispatcher as rpc_dispatcher

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


_SIMPLE = frozenset((str, int, float, bool, type(None)))


def _primitive(value):
    """``jsonutils.to_primitive(value, convert_datetime=True)``, with the types rows and
    request specs are made of (dicts, lists, strings, numbers, datetimes) converted
    here: its general walk is half of what serializing RPC arguments costs."""
    kind = type(value)
    if kind in _SIMPLE:
        return value
    if kind is dict:
        return {_primitive(k): _primitive(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_primitive(v) for v in value]
    if kind is datetime.datetime:
        return value.strftime(_TIME_FORMAT)
    return jsonutils.to_primitive(value, convert_datetime=True)


_TIME_FORMAT = '%Y-%m-%dT%H:%M:%S.%f'  # oslo.utils' PERFECT_TIME_FORMAT, as to_primitive


class ContextSerializer(messaging.NoOpSerializer):
    """Entities travel as JSON primitives (datetimes as ISO strings) on every transport, so
    the in-memory one behaves like RabbitMQ; the context travels as its dict."""

    def serialize_entity(self, context, entity):
        return _primitive(entity)

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


class _WatchdogThread:
    """The call-monitoring thread oslo.messaging's dispatcher makes for every message it
    dispatches, made only when it is started (when the caller asked for call monitoring,
    which novalite's clients never do): a Thread object costs a scan of every green thread
    of the process (eventlet's current_thread), for each message."""

    def __init__(self, target, args=()):
        self._target, self._args, self._thread = target, args, None

    def start(self):
        self._thread = threading.Thread(target=self._target, args=self._args)
        self._thread.start()

    def join(self, timeout=None):
        if self._thread is not None:
            self._thread.join(timeout)


def _lazy_watchdogs():
    """RPCDispatcher.dispatch uses its module's ``threading.Thread`` for the watchdog: give
    that module a copy of ``threading`` whose Thread is lazy (everything else of
    ``threading`` stays there, should a later oslo.messaging use more of it)."""
    if getattr(rpc_dispatcher.threading, 'Thread', None) is not _WatchdogThread:
        rpc_dispatcher.threading = types.SimpleNamespace(
            **dict(vars(threading), Thread=_WatchdogThread))


def get_server(topic, server, endpoints, version):
    target = messaging.Target(topic=topic, server=server, version=version)
    endpoints = [trace_rpc.TracedEndpoint(e, topic, server) for e in endpoints]
    _lazy_watchdogs()
    return messaging.get_rpc_server(_TRANSPORT, target, endpoints,
                                    executor=concurrency.RPC_EXECUTOR,
                                    serializer=ContextSerializer())
