"""conductor/rpcapi.py and conductor/manager.py agree (ARCHITECTURE.md style rule 6)."""
from novalite.conductor import manager
from novalite.conductor import rpcapi
from tests.unit import rpc_agreement


def test_client_and_manager_agree(monkeypatch):
    sent = rpc_agreement.check(monkeypatch, rpcapi, rpcapi.ConductorAPI,
                               manager.ConductorManager)
    assert {'schedule_and_build_instances', 'reschedule_instance', 'instance_update',
            'instance_destroy', 'release_resources'} <= set(sent)


def test_build_requests_are_casts_and_database_proxies_are_calls(monkeypatch):
    sent, _ = rpc_agreement.drive(monkeypatch, rpcapi.ConductorAPI)
    casts = {name for name, (kind, *_rest) in sent.items() if kind == 'cast'}
    assert casts == {'schedule_and_build_instances', 'reschedule_instance',
                     'unshelve_instance', 'rebuild_instance', 'evacuate_server'}
