"""Query string schemas (novalite/api/validation.py ``query``/``check_query``) and their
declarations on the compute controllers: from 2.102 every GET refuses unknown parameters."""
import pytest

from novalite import exception
from novalite.api import microversion as mv
from novalite.api import router
from novalite.api import validation as v
from novalite.api import wsgi
from novalite.compute import server_extras
from novalite.conductor.tasks import migrate


def _req(query, version):
    req = wsgi.Request.blank('/x?' + query)
    req.api_version = mv.APIVersion(version)
    return req


@v.query(v.query_schema('limit', 'marker'), strict_from=mv.API_CLEANUP)
def _paged(req):
    pass


def _undeclared(req):
    pass


@v.query(None)
def _gone(req):
    pass


@v.query(lambda version: v.query_schema(*(('name',) if version >= mv.STRICT_QUERY else ())),
         strict_from=mv.API_CLEANUP, until=mv.VOLUMES_BOOT_REMOVED)
def _by_version(req):
    pass


def test_declared_parameters_pass_and_unknown_ones_are_400_from_strict_from():
    v.check_query(_req('limit=1&marker=a&limit=2', '2.75'), _paged, mv.STRICT_QUERY)
    v.check_query(_req('bogus=1', '2.74'), _paged, mv.STRICT_QUERY)
    with pytest.raises(exception.ValidationError) as caught:
        v.check_query(_req('limit=1&bogus=2', '2.75'), _paged, mv.STRICT_QUERY)
    assert caught.value.code == 400
    assert caught.value.format_message() == (
        "Invalid input for query parameters bogus. Value: 2. Additional properties are not "
        "allowed ('bogus' was unexpected)")


def test_undeclared_methods_take_no_parameter_from_2_102():
    v.check_query(_req('x=1', '2.101'), _undeclared, mv.STRICT_QUERY)
    v.check_query(_req('', '2.102'), _undeclared, mv.STRICT_QUERY)
    with pytest.raises(exception.ValidationError):
        v.check_query(_req('x=1', '2.102'), _undeclared, mv.STRICT_QUERY)


def test_gone_methods_and_versioned_schemas():
    v.check_query(_req('x=1', '2.104'), _gone, mv.STRICT_QUERY)
    v.check_query(_req('name=a', '2.102'), _by_version, mv.STRICT_QUERY)
    with pytest.raises(exception.ValidationError):
        v.check_query(_req('name=a', '2.101'), _by_version, mv.STRICT_QUERY)
    v.check_query(_req('name=a&x=1', '2.103'), _by_version, mv.STRICT_QUERY)  # gone: 404


def test_bad_utf8_query_is_400():
    req = _req('name=%ff', '2.102')
    with pytest.raises(exception.ValidationError):
        v.check_query(req, _undeclared, mv.STRICT_QUERY)


def test_every_declared_compute_schema_refuses_additional_properties():
    """Nova asserts it for every query schema from 2.102; here for every GET route."""
    import stevedore
    names = {controller for _path, methods in router.COMPUTE
             for controller, _action in methods.values()}
    mgr = stevedore.ExtensionManager('novalite.api.compute.controllers')
    classes = {ext.name: ext.plugin for ext in mgr if ext.name in names}
    checked = 0
    for _path, methods in router.COMPUTE:
        if 'GET' not in methods:
            continue
        controller, action = methods['GET']
        func = getattr(classes[controller], action)
        schema = getattr(func, 'query_schema', v.NO_QUERY)
        for version in ('2.75', '2.102', '2.104'):
            resolved = schema(mv.APIVersion(version)) if callable(schema) else schema
            if resolved is not None:
                assert resolved['additionalProperties'] is False, (controller, action)
                checked += 1
    assert checked > 40


# ---------------------------------------------------------------------- 2.104
def _inst(pinned, zone='nova'):
    sysmeta = {'pinned_availability_zone': pinned} if pinned else {}
    return {'availability_zone': zone, 'system_metadata': dict(sysmeta, other='x')}


@pytest.mark.parametrize('pinned,zone,result', [
    ('nova', None, None), (None, None, None),                 # unpin (idempotent)
    ('nova', 'nova', 'nova'), (None, 'nova', 'nova'),         # same / re-pin to current
])
def test_pin_transitions_allowed(pinned, zone, result):
    sysmeta = server_extras.ServerExtras.pin_availability_zone(_inst(pinned), zone)
    assert sysmeta.get('pinned_availability_zone') == result and sysmeta['other'] == 'x'


@pytest.mark.parametrize('pinned,zone', [('nova', 'az2'), (None, 'az2')])
def test_pin_transitions_refused_with_409(pinned, zone):
    with pytest.raises(exception.Conflict) as caught:
        server_extras.ServerExtras.pin_availability_zone(_inst(pinned), zone)
    assert caught.value.code == 409


def test_moves_are_scheduled_within_the_pinned_zone_only():
    base = {'image_ref': 'i', 'project_id': 'p', 'requested_networks': [],
            'scheduler_hints': {}, 'availability_zone': 'nova'}
    pinned = dict(base, system_metadata={'pinned_availability_zone': 'nova'})
    unpinned = dict(base, system_metadata={})
    assert migrate._request_spec(pinned, {}, [], None)['availability_zone'] == 'nova'
    assert migrate._request_spec(unpinned, {}, [], None)['availability_zone'] is None
