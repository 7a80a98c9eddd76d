"""ComputeFilter: only hosts whose compute service is up and enabled pass."""
import types

import pytest

from novalite.scheduler.filters import compute


@pytest.mark.parametrize('up, disabled, passes', [
    (True, False, True), (False, False, False), (True, True, False), (False, True, False)])
def test_compute_filter(conf, up, disabled, passes):
    host = types.SimpleNamespace(service_up=up, service_disabled=disabled)
    assert bool(compute.ComputeFilter(conf).host_passes(host, {})) is passes
