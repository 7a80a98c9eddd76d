"""Unit fixtures shared across packages: compute node rows (the scheduler's host states, the
db's claims), made through novalite/db/api.py, and a trace sink."""
import pytest

from novalite.db import api as db_api


@pytest.fixture
def make_node(database):
    """make_node('h1', memory_mb=4096, ...) -> the compute node row (a dict).

    The node's nova-compute service heartbeats now unless ``service=False``; allocation
    ratios default to 1.0 so capacities are what the test says.
    """
    def _make(host, vcpus=8, memory_mb=4096, local_gb=100, cpu_allocation_ratio=1.0,
              ram_allocation_ratio=1.0, disk_allocation_ratio=1.0, service=True,
              nodename=None):
        if service:
            db_api.service_heartbeat(host, 'nova-compute', 'compute')
        return db_api.compute_node_upsert(host, nodename or host, {
            'vcpus': vcpus, 'memory_mb': memory_mb, 'local_gb': local_gb,
            'cpu_allocation_ratio': cpu_allocation_ratio,
            'ram_allocation_ratio': ram_allocation_ratio,
            'disk_allocation_ratio': disk_allocation_ratio})
    return _make


@pytest.fixture
def get_node(database):
    def _get(node_id):
        return next(n for n in db_api.compute_nodes_get_all() if n['id'] == node_id)
    return _get


@pytest.fixture
def sink():
    """Tracing on for the test, its finished spans collected in the list it yields."""
    from novalite import trace
    saved = []
    old = trace.SETTINGS.sink, trace.SETTINGS.enabled
    trace._BUFFER.clear()
    trace.configure(enabled=True, sink=saved.extend)
    yield saved
    trace.flush()
    trace._BUFFER.clear()
    trace.SETTINGS.sink, trace.SETTINGS.enabled = old
