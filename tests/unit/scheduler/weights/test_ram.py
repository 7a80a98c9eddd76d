"""RAMWeigher and weight normalisation (novalite/scheduler/weights)."""
import types

from novalite.scheduler import weights
from novalite.scheduler.weights import ram


def test_normalize_scales_to_zero_one():
    assert weights.normalize([10, 30, 20]) == [0.0, 1.0, 0.5]
    assert weights.normalize([-5, 5]) == [0.0, 1.0]


def test_normalize_equal_and_empty():
    assert weights.normalize([7, 7, 7]) == [0.0, 0.0, 0.0]
    assert weights.normalize([]) == []


def test_ram_weigher_weighs_free_ram(conf):
    weigher = ram.RAMWeigher(conf)
    assert weigher.multiplier == conf.filter_scheduler.ram_weight_multiplier == 1.0
    more = types.SimpleNamespace(free_ram_mb=4096)
    less = types.SimpleNamespace(free_ram_mb=1024)
    assert weigher.weigh(more, {}) > weigher.weigh(less, {})
