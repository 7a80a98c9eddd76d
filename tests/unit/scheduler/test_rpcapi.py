"""scheduler/rpcapi.py and scheduler/manager.py agree (ARCHITECTURE.md style rule 6)."""
from novalite.scheduler import manager
from novalite.scheduler import rpcapi
from tests.unit import rpc_agreement


def test_client_and_manager_agree(monkeypatch):
    sent = rpc_agreement.check(monkeypatch, rpcapi, rpcapi.SchedulerAPI,
                               manager.SchedulerManager)
    assert set(sent) == {'select_destinations'}
    assert sent['select_destinations'][0] == 'call'  # the conductor waits for the hosts
