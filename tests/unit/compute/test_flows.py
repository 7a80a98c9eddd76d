"""The flows table (novalite/compute/flows.py) names real code and misses no server action
nor compute RPC method."""
import inspect

from novalite.api.compute import server_actions
from novalite.compute import flows
from novalite.compute import manager
from novalite.compute import rpcapi as compute_rpcapi
from novalite.conductor import manager as conductor_manager
from novalite.conductor.tasks import base as task_base


def _entries(flow):
    return flow.rest + flow.api + flow.conductor + flow.compute


def test_every_entry_is_callable_and_names_are_unique():
    assert len(flows.BY_NAME) == len(flows.FLOWS)
    for flow in flows.FLOWS:
        assert flow.rest and flow.api, flow.name
        for entry in _entries(flow):
            assert callable(entry), (flow.name, entry)


def test_every_server_action_is_in_a_flow():
    handlers = {entry for flow in flows.FLOWS for entry in flow.rest}
    missing = [name for name, (handler, *_versions) in server_actions.ACTIONS.items()
               if handler not in handlers]
    assert missing == []


def test_compute_steps_are_manager_rpc_methods_and_every_rpc_method_has_a_flow():
    steps = {entry for flow in flows.FLOWS for entry in flow.compute}
    for step in steps:
        assert getattr(manager.ComputeManager, step.__name__) is step, step
        assert callable(getattr(compute_rpcapi.ComputeAPI, step.__name__, None)), step
    rpc_methods = {name for name, _ in inspect.getmembers(compute_rpcapi.ComputeAPI,
                                                          inspect.isfunction)
                   if not name.startswith('_')}
    assert rpc_methods - {step.__name__ for step in steps} == set()


def test_conductor_entries_are_manager_methods_or_tasks():
    for flow in flows.FLOWS:
        for entry in flow.conductor:
            if inspect.isclass(entry):
                assert issubclass(entry, task_base.Task), (flow.name, entry)
            else:
                assert getattr(conductor_manager.ConductorManager,
                               entry.__name__) is entry, (flow.name, entry)
