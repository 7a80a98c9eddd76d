"""Shared check for style rule 6 of ARCHITECTURE.md: an rpcapi.py client and its manager
agree on method names, parameter names and the RPC API version.

The client is driven for real: ``novalite.rpc.get_client`` is replaced by a recorder, every
public client method is called with a distinct value per parameter, and what it puts on the
wire (method name and keyword arguments) is compared with the manager's signature.
"""
import inspect

from novalite import rpc


class RecordingClient:
    def __init__(self, topic, version):
        self.topic, self.version = topic, version
        self.sent = []
        self.prepared = []

    def prepare(self, **kwargs):
        self.prepared.append(kwargs)
        return self

    def call(self, ctxt, method, **kwargs):
        self.sent.append(('call', ctxt, method, kwargs))

    def cast(self, ctxt, method, **kwargs):
        self.sent.append(('cast', ctxt, method, kwargs))


def client_methods(api_cls):
    return sorted(name for name, _ in inspect.getmembers(api_cls, inspect.isfunction)
                  if not name.startswith('_'))


def drive(monkeypatch, api_cls):
    """{client method: (kind, rpc method, kwargs, prepare kwargs, args given)} + the client."""
    clients = []

    def _get_client(topic, version, server=None, timeout=None):
        clients.append(RecordingClient(topic, version))
        return clients[-1]
    monkeypatch.setattr(rpc, 'get_client', _get_client)
    api = api_cls()
    [client] = clients
    sent = {}
    for name in client_methods(api_cls):
        method = getattr(api, name)
        args = {p: '<%s.%s>' % (name, p) for p in inspect.signature(method).parameters}
        client.sent.clear()
        client.prepared.clear()
        method(**args)
        assert len(client.sent) == 1, '%s sent %d messages' % (name, len(client.sent))
        kind, ctxt, rpc_method, kwargs = client.sent[0]
        assert ctxt == args['context'], '%s does not pass its context on' % name
        sent[name] = (kind, rpc_method, kwargs, dict(client.prepared[-1]), args)
    return sent, client


def check(monkeypatch, rpcapi_module, api_cls, manager_cls):
    sent, client = drive(monkeypatch, api_cls)
    assert sent, 'no RPC methods on %s' % api_cls.__name__
    assert client.topic == rpcapi_module.TOPIC
    assert client.version == rpcapi_module.RPC_API_VERSION
    assert manager_cls.target.version == rpcapi_module.RPC_API_VERSION
    history = rpcapi_module.__doc__.split('Version history:', 1)[1]
    assert rpcapi_module.RPC_API_VERSION in history
    for name, (_kind, rpc_method, kwargs, _prepared, args) in sent.items():
        assert rpc_method == name, 'client %s sends %r' % (name, rpc_method)
        server_method = getattr(manager_cls, rpc_method, None)
        assert callable(server_method), '%s has no %s' % (manager_cls.__name__, rpc_method)
        params = list(inspect.signature(server_method).parameters)
        assert params[:2] == ['self', 'context'], (rpc_method, params)
        assert set(kwargs) == set(params[2:]), (rpc_method, sorted(kwargs), params[2:])
        for key, value in kwargs.items():
            assert value == args.get(key), '%s sends %s=%r' % (name, key, value)
        # every argument the server needs is sent
        required = [p.name for p in inspect.signature(server_method).parameters.values()
                    if p.default is inspect.Parameter.empty][2:]
        assert set(required) <= set(kwargs)
    return sent
