"""CPU and disk weighers: more free weighs more; the multiplier's sign spreads or packs."""
import types

from novalite.scheduler.weights import resources


def test_cpu_and_disk_weighers(conf, override):
    host = types.SimpleNamespace(free_vcpus=6, free_disk_gb=40)
    override('cpu_weight_multiplier', -2.0)
    override('disk_weight_multiplier', 3.0)
    cpu, disk = resources.CPUWeigher(conf), resources.DiskWeigher(conf)
    assert cpu.weigh(host, {}) == 6 and cpu.multiplier == -2.0
    assert disk.weigh(host, {}) == 40 and disk.multiplier == 3.0
