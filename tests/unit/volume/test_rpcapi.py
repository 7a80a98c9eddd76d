"""volume/rpcapi.py and volume/manager.py agree (ARCHITECTURE.md style rule 6)."""
from novalite.volume import manager
from novalite.volume import rpcapi
from tests.unit import rpc_agreement


def test_client_and_manager_agree(monkeypatch):
    sent = rpc_agreement.check(monkeypatch, rpcapi, rpcapi.VolumeAPI, manager.VolumeManager)
    assert {'create_volume', 'delete_volume', 'extend_volume', 'retype',
            'copy_volume_to_image', 'attachment_update', 'attachment_delete',
            'initialize_connection', 'terminate_connection'} <= set(sent)
    for name in ('create_volume', 'delete_volume', 'extend_volume', 'retype',
                 'copy_volume_to_image'):
        assert sent[name][0] == 'cast', name  # long work: the status tells how it ended
    for name in ('attachment_update', 'initialize_connection'):
        assert sent[name][0] == 'call', name  # the caller needs the connection info
