"""The RPC hops of a trace (novalite/trace.py): the client side records a ``cast`` or
``call`` span around the send, the server side a ``handle`` span around the manager method,
under the sender's span (its carrier travels in the message's context, see
``rpc.ContextSerializer``), with the time the message waited in the queue."""
import time

from novalite import trace


class TracedClient:
    """An oslo.messaging RPC client whose cast and call are spans of the current trace."""

    def __init__(self, client, topic, server=None):
        self._client = client
        self._topic = topic
        self._server = server

    def prepare(self, **kwargs):
        return TracedClient(self._client.prepare(**kwargs), self._topic,
                            kwargs.get('server', self._server))

    def _span(self, kind, method, kwargs):
        target = self._topic + ('.' + self._server if self._server else '')
        attrs = {'to': target, 'method': method}
        instance = kwargs.get('instance')
        server_id = instance.get('uuid') if isinstance(instance, dict) else None
        if server_id is None and isinstance(kwargs.get('uuid'), str):
            server_id = kwargs['uuid']
        if server_id:
            attrs['server_id'] = server_id
        return trace.span('%s %s.%s' % (kind, target, method), kind, **attrs)

    def cast(self, ctxt, method, **kwargs):
        with self._span('cast', method, kwargs):
            return self._client.cast(ctxt, method, **kwargs)

    def call(self, ctxt, method, **kwargs):
        with self._span('call', method, kwargs):
            return self._client.call(ctxt, method, **kwargs)

    def __getattr__(self, name):
        return getattr(self._client, name)


class TracedEndpoint:
    """A manager as an RPC endpoint whose methods, called for a traced message, run as a
    ``handle`` span of that trace."""

    def __init__(self, endpoint, topic, server):
        self.__dict__['_endpoint'] = endpoint
        self.__dict__['_topic'] = topic
        self.__dict__['_server'] = server

    def __getattr__(self, name):
        attr = getattr(self._endpoint, name)
        if name.startswith('_') or not callable(attr) or name == 'target':
            return attr
        topic, server = self._topic, self._server

        def handle(ctxt, **kwargs):
            carrier = getattr(ctxt, 'trace_carrier', None)
            if not carrier:
                return attr(ctxt, **kwargs)
            span = trace.begin(carrier.get('trace_id'), 'handle %s.%s' % (topic, name),
                               'handle', topic, carrier=carrier, host=server,
                               attrs={'method': name, 'from_span': carrier.get('span_id')})
            if span is None:
                return attr(ctxt, **kwargs)
            sent = carrier.get('sent_at')
            if isinstance(sent, (int, float)):
                span.attrs['queue_wait_ms'] = round(max(0.0, time.time() - sent) * 1000, 3)
            instance = kwargs.get('instance')
            if isinstance(instance, dict) and instance.get('uuid'):
                span.server_id = instance['uuid']
            elif isinstance(kwargs.get('uuid'), str):
                span.server_id = kwargs['uuid']
            with trace.activate(span):
                return attr(ctxt, **kwargs)
        return handle

    def __setattr__(self, name, value):
        setattr(self._endpoint, name, value)
