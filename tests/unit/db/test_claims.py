"""Atomic resource claims against real compute node rows (novalite/db/claims.py)."""
import threading
import uuid

import pytest
import sqlalchemy as sa

from novalite.db import claims
from novalite.db import models

SMALL = {'vcpus': 1, 'memory_mb': 512, 'disk_gb': 10}


def _usage(node):
    return (node['vcpus_used'], node['memory_mb_used'], node['local_gb_used'],
            node['running_vms'])


def test_resources_of_a_flavor():
    flavor = {'vcpus': 2, 'memory_mb': 2048, 'root_gb': 20, 'ephemeral_gb': 5, 'swap': 1}
    # swap is in MB and takes whole GB of disk
    assert claims.resources_of(flavor) == {'vcpus': 2, 'memory_mb': 2048, 'disk_gb': 26}
    assert claims.resources_of({'vcpus': '1', 'memory_mb': '64', 'root_gb': 1})['disk_gb'] == 1
    assert claims.resources_of({'vcpus': 1, 'memory_mb': 64, 'root_gb': 0, 'swap': 2048,
                                'ephemeral_gb': None})['disk_gb'] == 2


def test_claim_that_fits_takes_the_resources(make_node, get_node):
    node = make_node('h1', vcpus=4, memory_mb=2048, local_gb=40)
    inst = str(uuid.uuid4())
    assert claims.claim(node['id'], inst, SMALL) is True
    assert _usage(get_node(node['id'])) == (1, 512, 10, 1)
    [alloc] = claims.allocations_of(inst)
    assert (alloc['compute_node_id'], alloc['vcpus'], alloc['memory_mb'],
            alloc['disk_gb']) == (node['id'], 1, 512, 10)


def test_claims_add_up_until_the_host_is_full(make_node, get_node):
    node = make_node('h1', vcpus=8, memory_mb=1024, local_gb=100)
    assert claims.claim(node['id'], 'i1', SMALL)
    assert claims.claim(node['id'], 'i2', SMALL)
    assert not claims.claim(node['id'], 'i3', SMALL)
    assert _usage(get_node(node['id'])) == (2, 1024, 20, 2)


@pytest.mark.parametrize('resources', [
    {'vcpus': 1, 'memory_mb': 2049, 'disk_gb': 1},   # RAM
    {'vcpus': 1, 'memory_mb': 1, 'disk_gb': 41},     # disk
    {'vcpus': 5, 'memory_mb': 1, 'disk_gb': 1},      # vCPU
])
def test_claim_that_does_not_fit_fails_and_changes_nothing(make_node, get_node, resources):
    node = make_node('h1', vcpus=4, memory_mb=2048, local_gb=40)
    assert claims.claim(node['id'], 'held', SMALL)
    before = get_node(node['id'])
    assert claims.claim(node['id'], 'too-big', resources) is False
    assert _usage(get_node(node['id'])) == _usage(before)
    assert claims.allocations_of('too-big') == []


@pytest.mark.parametrize('resources, fits', [
    ({'vcpus': 8, 'memory_mb': 1, 'disk_gb': 1}, True),       # 4 vCPUs x 2.0
    ({'vcpus': 9, 'memory_mb': 1, 'disk_gb': 1}, False),
    ({'vcpus': 1, 'memory_mb': 1536, 'disk_gb': 1}, True),    # 1024 MB x 1.5
    ({'vcpus': 1, 'memory_mb': 1537, 'disk_gb': 1}, False),
    ({'vcpus': 1, 'memory_mb': 1, 'disk_gb': 50}, True),      # 100 GB x 0.5
    ({'vcpus': 1, 'memory_mb': 1, 'disk_gb': 51}, False),
])
def test_allocation_ratios_scale_capacity(make_node, get_node, resources, fits):
    node = make_node('h1', vcpus=4, memory_mb=1024, local_gb=100, cpu_allocation_ratio=2.0,
                     ram_allocation_ratio=1.5, disk_allocation_ratio=0.5)
    assert claims.claim(node['id'], 'i1', resources) is fits
    used = _usage(get_node(node['id']))
    if fits:
        assert used == (resources['vcpus'], resources['memory_mb'], resources['disk_gb'], 1)
    else:
        assert used == (0, 0, 0, 0)


def test_claim_on_a_deleted_node_fails(make_node, get_node, database):
    node = make_node('h1')
    with database.transaction() as session:
        session.execute(sa.update(models.ComputeNode).where(models.ComputeNode.id == node['id'])
                        .values(deleted=True))
    assert claims.claim(node['id'], 'i1', SMALL) is False
    assert claims.allocations_of('i1') == []


def test_claim_on_an_unknown_node_fails(make_node):
    make_node('h1')
    assert claims.claim(12345, 'i1', SMALL) is False


def test_release_gives_back_what_was_claimed(make_node, get_node):
    node = make_node('h1', vcpus=4, memory_mb=2048, local_gb=40)
    assert claims.claim(node['id'], 'keep', SMALL)
    assert claims.claim(node['id'], 'drop', {'vcpus': 2, 'memory_mb': 1024, 'disk_gb': 20})
    assert claims.release('drop') == 1
    assert _usage(get_node(node['id'])) == (1, 512, 10, 1)
    assert claims.allocations_of('drop') == []
    assert len(claims.allocations_of('keep')) == 1


def test_release_is_idempotent(make_node, get_node):
    node = make_node('h1')
    assert claims.claim(node['id'], 'i1', SMALL)
    assert claims.release('i1') == 1
    after_first = _usage(get_node(node['id']))
    assert after_first == (0, 0, 0, 0)
    assert claims.release('i1') == 0
    assert _usage(get_node(node['id'])) == after_first
    assert claims.release('never-claimed') == 0


def test_released_capacity_can_be_claimed_again(make_node):
    node = make_node('h1', memory_mb=512)
    assert claims.claim(node['id'], 'i1', SMALL)
    assert not claims.claim(node['id'], 'i2', SMALL)
    claims.release('i1')
    assert claims.claim(node['id'], 'i2', SMALL)


def test_concurrent_claims_never_exceed_capacity(make_node, get_node):
    # room for exactly 5 of the 20 (RAM is the limit)
    node = make_node('h1', vcpus=64, memory_mb=5 * 512, local_gb=1000)
    attempts = 20
    start = threading.Barrier(attempts)
    results, errors = [], []
    lock = threading.Lock()

    def _claim(i):
        try:
            start.wait(timeout=10)
            ok = claims.claim(node['id'], 'inst-%d' % i, SMALL)
        except Exception as exc:  # pragma: no cover - reported below
            with lock:
                errors.append(exc)
            return
        with lock:
            results.append((i, ok))

    threads = [threading.Thread(target=_claim, args=(i,)) for i in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    winners = [i for i, ok in results if ok]
    assert len(results) == attempts
    assert len(winners) == 5
    assert _usage(get_node(node['id'])) == (5, 5 * 512, 50, 5)
    for i in range(attempts):
        assert len(claims.allocations_of('inst-%d' % i)) == (1 if i in winners else 0)


def test_concurrent_releases_give_back_once(make_node, get_node):
    node = make_node('h1', vcpus=4, memory_mb=2048, local_gb=40)
    assert claims.claim(node['id'], 'keep', SMALL)
    assert claims.claim(node['id'], 'drop', SMALL)
    start = threading.Barrier(10)
    errors = []

    def _release():
        try:
            start.wait(timeout=10)
            claims.release('drop')
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=_release) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert _usage(get_node(node['id'])) == (1, 512, 10, 1)
