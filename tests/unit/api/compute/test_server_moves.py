"""The bodies of confirmResize / revertResize, in-process: Nova checks only the action key
(tempest and novaclient send {}, the SDK null), so any value reaches the state check."""
import pytest

from novalite.compute import states
from tests.unit.api.compute.test_server_actions import act, casts, server  # noqa: F401


@pytest.mark.parametrize('name', ['confirmResize', 'revertResize'])
@pytest.mark.parametrize('value', [None, {}, {'anything': 1}, 'x'])
def test_confirm_and_revert_accept_any_value(compute, demo, server, casts, name,  # noqa: F811
                                             value):
    sid = server(vm_state=states.ACTIVE)
    status, _, resp = act(compute, demo, sid, {name: value})
    assert status == 409, resp
    assert resp['conflictingRequest']['message'] == (
        "Cannot '%s' instance %s while it is in vm_state active" % (name, sid))
    assert casts() == []


@pytest.mark.parametrize('name', ['confirmResize', 'revertResize'])
def test_confirm_and_revert_in_resized_without_migration_is_400(compute, demo, server,  # noqa: F811,E501
                                                                casts, name):  # noqa: F811
    sid = server(vm_state=states.RESIZED)
    status, _, resp = act(compute, demo, sid, {name: {}})
    assert status == 400, resp
    assert resp['badRequest']['message'] == 'Instance has not been resized.'
    assert casts() == []
