"""instance_events.run: the compute_<method> event around one compute-host step."""
import contextlib

import pytest

from novalite import exception
from novalite.compute import instance_events


class Conductor:
    def __init__(self):
        self.calls = []

    def action_event_start(self, ctx, uuid, event, host):
        self.calls.append(('start', event, host))

    def action_event_finish(self, ctx, uuid, event, result, details=None):
        self.calls.append(('finish', event, result, bool(details)))


class Locks:
    def get(self, uuid):
        return contextlib.nullcontext()


class Manager:
    host = 'h1'

    def __init__(self):
        self.conductor, self.locks = Conductor(), Locks()


@pytest.fixture
def mgr():
    return Manager()


def test_success_finishes_the_event(mgr):
    failures = []
    instance_events.run(mgr, None, {'uuid': 'u'}, 'pause', lambda: None, failures.append)
    assert mgr.conductor.calls == [('start', 'compute_pause', 'h1'),
                                   ('finish', 'compute_pause', 'Success', False)]
    assert failures == []


@pytest.mark.parametrize('exc', [exception.InstanceNotFound(instance_id='u'),
                                 exception.UnexpectedStateError(attr='task_state', expected='x',
                                                                  actual='y')])
def test_a_vanished_instance_or_lost_race_only_ends_the_event(mgr, exc):
    failures = []

    def work():
        raise exc
    instance_events.run(mgr, None, {'uuid': 'u'}, 'pause', work, failures.append)
    assert failures == []
    assert mgr.conductor.calls[-1] == ('finish', 'compute_pause', 'Error', True)


def test_a_failure_rolls_back_before_the_event_ends(mgr):
    seen = []

    def work():
        raise RuntimeError('boom')

    def on_failure(exc):
        seen.append((str(exc), len(mgr.conductor.calls)))
    instance_events.run(mgr, None, {'uuid': 'u'}, 'resize', work, on_failure)
    assert seen == [('boom', 1)]  # after the start, before the finish
    assert mgr.conductor.calls[-1] == ('finish', 'compute_resize', 'Error', True)


def test_message():
    assert instance_events.message(exception.InstanceNotFound(instance_id='u')) == \
        'Instance u could not be found.'
    assert instance_events.message(RuntimeError('x')) == 'RuntimeError: x'
    assert instance_events.message(RuntimeError()) == 'RuntimeError'
