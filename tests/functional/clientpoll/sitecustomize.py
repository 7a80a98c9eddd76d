"""On the PYTHONPATH of the client commands the functional tests run (``Cloud.env()``),
and loaded by tests/functional/conftest.py for openstacksdk used in the tests' own process:
the OpenStack clients' wait loops (``openstack ... --wait``, ``nova ... --poll``,
openstacksdk's ``wait_for_*`` and ``wait=True``) poll every POLL seconds instead of every
2 s (openstacksdk) or 5 s (osc-lib, novaclient). The loops themselves run as shipped, only
the pause between their polls is shorter: a ``--wait`` still returns once the server
reached its status, and fails as before on an error one.

Each client module is patched when it is first imported (nothing more is imported here,
so the clients start as fast as without this file)."""
import importlib.abc
import sys

POLL = 0.2


def _faster(function, name):
    def wrapper(*args, **kwargs):
        kwargs.setdefault(name, POLL)
        return function(*args, **kwargs)
    wrapper.__wrapped__ = function
    return wrapper


def _patch_osc_lib(module):
    # osc-lib: wait_for_status(..., sleep_time=5), wait_for_delete(..., sleep_time=5,
    # timeout=300): the timeout counts sleep_time per poll, so it stays 300 s of pauses
    module.wait_for_status = _faster(module.wait_for_status, 'sleep_time')
    module.wait_for_delete = _faster(module.wait_for_delete, 'sleep_time')


def _patch_sdk_utils(module):
    # openstacksdk: every wait_for_* loops in iterate_timeout(timeout, message, wait=2)
    original = module.iterate_timeout

    def iterate_timeout(timeout, message, wait=2):
        return original(timeout, message, wait=POLL if wait is None else min(wait, POLL))
    iterate_timeout.__wrapped__ = original
    module.iterate_timeout = iterate_timeout


def _patch_novaclient_shell(module):
    # novaclient: _poll_for_status(..., poll_period=5) behind boot/reboot/... --poll
    module._poll_for_status = _faster(module._poll_for_status, 'poll_period')


PATCHES = {
    'osc_lib.utils': _patch_osc_lib,
    'openstack.utils': _patch_sdk_utils,
    'novaclient.v2.shell': _patch_novaclient_shell,
}


class _Loader(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self.loader, self.patch = loader, patch

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.patch(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        patch = PATCHES.get(name)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self:
                continue
            spec = finder.find_spec(name, path, target) if hasattr(
                finder, 'find_spec') else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Loader(spec.loader, patch)
                return spec
        return None


sys.meta_path.insert(0, _Finder())
for _name, _patch in PATCHES.items():
    if _name in sys.modules:
        _patch(sys.modules[_name])
