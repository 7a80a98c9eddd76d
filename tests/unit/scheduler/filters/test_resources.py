"""ResourceFilter: the flavor's RAM, disk and vCPUs must be free on the host."""
import types

import pytest

from novalite.scheduler.filters import resources

NEED = {'vcpus': 2, 'memory_mb': 1024, 'disk_gb': 10}


def _host(ram=1024, disk=10, vcpus=2):
    return types.SimpleNamespace(free_ram_mb=ram, free_disk_gb=disk, free_vcpus=vcpus)


@pytest.mark.parametrize('host, passes', [
    (_host(), True),                         # exactly enough
    (_host(ram=4096, disk=100, vcpus=8), True),
    (_host(ram=1023), False),
    (_host(disk=9), False),
    (_host(vcpus=1), False),
    (_host(ram=-512), False),                # over-committed already
])
def test_resource_filter(conf, host, passes):
    assert resources.ResourceFilter(conf).host_passes(host, {'resources': NEED}) is passes
