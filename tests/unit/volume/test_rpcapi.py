"""volume/rpcapi.py and volume/manager.py agree (ARCHITECTURE.md style rule 6)."""
from novalite.volume import manager
from novalite.volume import rpcapi
from tests.unit import rpc_agreement


def test_client_and_manager_agree(monkeypatch):
    sent = rpc_agreement.check(monkeypatch, rpcapi, rpcapi.VolumeAPI, manager.VolumeManager)
    assert {'create_volume', 'delete_volume'} <= set(sent)
    assert sent['create_volume'][0] == 'cast'
