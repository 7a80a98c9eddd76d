"""Compute nodes and their services, made through novalite/db/api.py."""
import pytest
import sqlalchemy as sa

from novalite.db import api as db_api
from novalite.db import models


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
def update_service(database):
    """update_service('h1', disabled=True) / last_seen_up=... on the host's service row."""
    def _update(host, **values):
        with database.transaction() as session:
            session.execute(sa.update(models.Service)
                            .where(models.Service.host == host,
                                   models.Service.binary == 'nova-compute')
                            .values(**values))
    return _update


@pytest.fixture
def override(conf):
    """``override(name, value)``: conf.set_override in [filter_scheduler], undone afterwards.

    Group options share their overrides between ConfigOpts objects (see
    tests/unit/conf/test_init.py), so an override left behind would leak into later tests.
    """
    done = []

    def _set(name, value, group='filter_scheduler'):
        conf.set_override(name, value, group=group)
        done.append((name, group))
    yield _set
    for name, group in reversed(done):
        conf.clear_override(name, group=group)
