"""The floors of the house: no module imports one on a floor above its own.

Every ``import`` and ``from ... import`` in novalite/ (also the ones inside functions) is read
with ast. A module's floor is the one of the longest prefix below that names it, so
``novalite.compute.rpcapi`` (an RPC client) sits lower than ``novalite.compute`` (the facade
and the manager). A module may import its own floor and the floors under it; docs/
architecture.md explains the order.
"""
import ast
import pathlib
import re

import novalite

ROOT = pathlib.Path(novalite.__file__).parent

# Highest first.
FLOORS = [
    # the table of the server flows: it references functions on every floor below and
    # nothing but tests imports it
    ['novalite.compute.flows'],
    # processes: console entry points and what assembles a service or the demo cloud
    ['novalite.cmd', 'novalite.service', 'novalite.launcher', 'novalite.seed'],
    # the REST layer: WSGI pipeline, router, controllers, schemas, views (every service)
    ['novalite.api'],
    # conductor: multi-step flows (build, moves, image actions); calls compute and scheduler
    # through their RPC clients
    ['novalite.conductor'],
    # compute: the API facade (compute.api) and the host's manager
    ['novalite.compute'],
    # scheduler: filters, weighers, host states
    ['novalite.scheduler'],
    # the block-storage service (its own facade, manager and backends)
    ['novalite.volume'],
    # clients other services are reached through: RPC clients, REST clients
    ['novalite.compute.rpcapi', 'novalite.conductor.rpcapi', 'novalite.scheduler.rpcapi',
     'novalite.volume.rpcapi', 'novalite.volume.cinder', 'novalite.image', 'novalite.network'],
    # logic over the data that several services share
    ['novalite.identity', 'novalite.quota'],
    # data access: models, migrations, queries, atomic claims
    ['novalite.db'],
    # virt drivers: they get what they need from the compute manager, never the database
    ['novalite.virt'],
    # the ground: leaves every floor may use ('novalite' is the package's __init__ alone)
    ['novalite', 'novalite.exception', 'novalite.exception_identity',
     'novalite.exception_image', 'novalite.exception_network', 'novalite.exception_volume',
     'novalite.context', 'novalite.conf',
     'novalite.concurrency', 'novalite.rpc', 'novalite.rpc_memory', 'novalite.crypto',
     'novalite.policy', 'novalite.policies', 'novalite.service_client', 'novalite.qcow2',
     'novalite.timeutils', 'novalite.trace', 'novalite.trace_rpc',
     'novalite.trace_waterfall',
     'novalite.compute.states'],
]

# (importer prefix, imported module pattern): arrows that still run up, left for a later
# session. Keep this list short; an entry that no import needs any more fails the test.
KNOWN_EXCEPTIONS = []


def _floor(module):
    best, floor = -1, None
    for index, prefixes in enumerate(FLOORS):
        for prefix in prefixes:
            inside = module == prefix or (prefix != 'novalite' and module.startswith(prefix + '.'))
            if inside and len(prefix) > best:
                best, floor = len(prefix), index
    return floor


def _module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix('').parts)
    if parts[-1] == '__init__':
        parts.pop()
    return '.'.join(parts)


def _imports(path, module):
    """(line, imported module) for every novalite import in the file."""
    is_package = path.name == '__init__.py'
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                package = module.split('.')[:len(module.split('.')) - node.level + is_package]
                base = '.'.join(package + ([base] if base else []))
            names = [base + '.' + alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name == 'novalite' or name.startswith('novalite.'):
                yield node.lineno, _real_module(name)


def _real_module(name):
    """``novalite.db.api`` for ``from novalite.db import api``; the module itself, not a
    name defined in it, for ``from novalite.exception import NotFound``."""
    parts = name.split('.')
    while len(parts) > 1:
        candidate = ROOT.parent.joinpath(*parts)
        if candidate.with_suffix('.py').exists() or (candidate / '__init__.py').exists():
            break
        parts.pop()
    return '.'.join(parts)


def _excepted(importer, imported, used):
    for index, (prefix, pattern) in enumerate(KNOWN_EXCEPTIONS):
        if ((importer == prefix or importer.startswith(prefix + '.'))
                and re.match(pattern, imported)):
            used.add(index)
            return True
    return False


def _modules():
    return sorted((_module_name(p), p) for p in ROOT.rglob('*.py')
                  if 'migrations' not in p.relative_to(ROOT).parts[:2])


def test_every_module_has_a_floor():
    unplaced = [name for name, _ in _modules() if _floor(name) is None]
    assert unplaced == [], 'give these a floor in FLOORS: %s' % unplaced


def test_no_module_imports_a_floor_above_its_own():
    violations, used = [], set()
    for name, path in _modules():
        own = _floor(name)
        for line, imported in _imports(path, name):
            target = _floor(imported)
            if target is not None and target < own and not _excepted(name, imported, used):
                violations.append('%s:%d %s (floor %d) imports %s (floor %d)' % (
                    path.relative_to(ROOT.parent), line, name, own, imported, target))
    assert violations == []
    stale = [KNOWN_EXCEPTIONS[i] for i in range(len(KNOWN_EXCEPTIONS)) if i not in used]
    assert stale == [], 'known exceptions no import needs any more: %s' % stale


def test_the_floors_catch_an_arrow_running_up(tmp_path):
    # what the check reads is what is written: a driver importing the database is caught
    assert _floor('novalite.virt.fake') > _floor('novalite.db.image')
    assert _floor('novalite.compute.moves') > _floor('novalite.conductor.tasks.migrate')
    assert _floor('novalite.compute.rpcapi') > _floor('novalite.compute.manager')
    assert _floor('novalite.compute.states') == len(FLOORS) - 1
    source = tmp_path / 'probe.py'
    source.write_text('def f():\n    from novalite.db import image as image_db\n')
    assert list(_imports(source, 'novalite.virt.probe')) == [(2, 'novalite.db.image')]


def test_compute_controllers_reach_the_database_only_through_compute():
    """The compute API's controllers (not its views) read and write through compute/
    (compute.api, hosts, flavors, keypairs, server_groups, ...): one instance lookup, and
    the state checks of a write in one place."""
    direct = []
    for name, path in _modules():
        if not name.startswith('novalite.api.compute.') or '.views' in name:
            continue
        direct += ['%s:%d imports %s' % (name, line, imported)
                   for line, imported in _imports(path, name)
                   if imported == 'novalite.db' or imported.startswith('novalite.db.')]
    assert direct == []
