"""compute/rpcapi.py and compute/manager.py agree (ARCHITECTURE.md style rule 6)."""
from novalite.compute import manager
from novalite.compute import rpcapi
from tests.unit import rpc_agreement


def test_client_and_manager_agree(monkeypatch):
    sent = rpc_agreement.check(monkeypatch, rpcapi, rpcapi.ComputeAPI, manager.ComputeManager)
    assert {'build_and_run_instance', 'terminate_instance'} <= set(sent)


# The API waits on a compute host only to read something back from the guest.
CALLS = {'get_console_output', 'get_diagnostics', 'get_instance_diagnostics',
         'attach_interface'}


def test_messages_go_to_the_instance_host(monkeypatch):
    sent, _ = rpc_agreement.drive(monkeypatch, rpcapi.ComputeAPI)
    for name, (kind, _method, _kwargs, prepared, args) in sent.items():
        assert prepared.get('server') == args['host'], name
        assert kind == ('call' if name in CALLS else 'cast'), name
