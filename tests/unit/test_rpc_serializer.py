"""novalite/rpc.py: what the serializer puts on the wire is jsonutils.to_primitive's, and the
dispatcher's call-monitoring thread is made only when started."""
import datetime
import uuid

from oslo_serialization import jsonutils

from novalite import rpc


def test_entities_serialize_as_to_primitive():
    value = {'row': {'id': 1, 'ratio': 1.5, 'none': None, 'on': True,
                     'at': datetime.datetime(2026, 1, 2, 3, 4, 5, 6)},
             'list': [(1, 'x'), [2]], 'uuid': uuid.uuid4(), 'set': {3},
             'day': datetime.date(2020, 1, 1), 'deep': {'a': {'b': {'c': {'d': [1]}}}}}
    assert rpc._primitive(value) == jsonutils.to_primitive(value, convert_datetime=True)


def test_watchdog_thread_runs_only_when_started():
    ran = []
    watchdog = rpc._WatchdogThread(target=ran.append, args=('x',))
    watchdog.join()  # never started: nothing to wait for
    assert ran == []
    watchdog.start()
    watchdog.join()
    assert ran == ['x']
