"""compute/manager.py HoldingConductor: a host's writes that move task_state on wait
[DEFAULT] transitional_state_hold seconds first; other writes and calls do not."""
from novalite.compute import manager


class Recorder:
    def __init__(self):
        self.calls = []

    def instance_update(self, context, uuid, updates, **kwargs):
        self.calls.append(('instance_update', uuid, updates, kwargs))
        return {'uuid': uuid}

    def instance_fault_create(self, *args):
        self.calls.append(('instance_fault_create',) + args)


def test_task_state_writes_wait_and_others_do_not(monkeypatch):
    slept = []
    monkeypatch.setattr(manager.concurrency, 'sleep', slept.append)
    inner = Recorder()
    conductor = manager.HoldingConductor(inner, 2.5)
    assert conductor.instance_update('ctx', 'u1', {'task_state': None},
                                     expected_task_state='rebooting') == {'uuid': 'u1'}
    assert slept == [2.5]
    conductor.instance_update('ctx', 'u1', {'network_info': []})
    conductor.instance_fault_create('ctx', 'u1', 500, 'm', 'd', 'h')
    assert slept == [2.5]
    assert [c[0] for c in inner.calls] == ['instance_update', 'instance_update',
                                          'instance_fault_create']
    assert inner.calls[0][3] == {'expected_task_state': 'rebooting'}


def test_the_default_is_no_hold(conf):
    assert conf.transitional_state_hold == 0.0
