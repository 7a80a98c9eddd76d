"""Compute microversion negotiation (novalite/api/microversion.py)."""
import pytest
import webob

from novalite import exception
from novalite.api import microversion


def _headers(**headers):
    """Real, case-insensitive request headers, as the Router passes them."""
    return webob.Request.blank('/', headers=headers).headers


def _negotiate(headers):
    return microversion.negotiate(_headers(**headers))


# --------------------------------------------------------------------------- negotiate

def test_missing_header_is_the_minimum():
    assert _negotiate({}) == microversion.APIVersion('2.1')


def test_openstack_api_version_header():
    assert _negotiate({'OpenStack-API-Version': 'compute 2.47'}) == '2.47'


def test_openstack_api_version_header_among_other_services():
    assert _negotiate({'OpenStack-API-Version': 'volume 3.10, compute 2.19'}) == '2.19'


def test_header_names_are_case_insensitive():
    assert _negotiate({'openstack-api-version': 'COMPUTE 2.5'}) == '2.5'


def test_legacy_nova_header():
    assert _negotiate({'X-OpenStack-Nova-API-Version': '2.9'}) == '2.9'


def test_new_header_wins_over_legacy_header():
    version = _negotiate({'OpenStack-API-Version': 'compute 2.30',
                          'X-OpenStack-Nova-API-Version': '2.3'})
    assert version == '2.30'


def test_header_for_another_service_falls_back_to_legacy_then_minimum():
    assert _negotiate({'OpenStack-API-Version': 'volume 3.0',
                       'X-OpenStack-Nova-API-Version': '2.10'}) == '2.10'
    assert _negotiate({'OpenStack-API-Version': 'volume 3.0'}) == '2.1'


@pytest.mark.parametrize('headers', [
    {'OpenStack-API-Version': 'compute latest'},
    {'OpenStack-API-Version': 'compute LATEST'},
    {'X-OpenStack-Nova-API-Version': 'latest'},
])
def test_latest_is_the_maximum(headers):
    version = _negotiate(headers)
    assert version == microversion.MAX
    assert str(version) == microversion.VERSIONS[-1][0]


@pytest.mark.parametrize('value', ['2', '2.', 'two.one', '2.1.1', '2.01', '02.1', '2.-1',
                                   'v2.1', '2.1a'])
def test_bad_format_is_400_invalid_version_string(value):
    with pytest.raises(exception.InvalidAPIVersionString) as caught:
        _negotiate({'OpenStack-API-Version': 'compute %s' % value})
    assert caught.value.code == 400
    assert value in caught.value.format_message()


def test_bad_format_in_legacy_header_is_400():
    with pytest.raises(exception.InvalidAPIVersionString):
        _negotiate({'X-OpenStack-Nova-API-Version': 'abc'})


@pytest.mark.parametrize('value', ['2.0', '1.1', '2.105', '2.1000', '3.0'])
def test_out_of_range_is_406_version_not_acceptable(value):
    with pytest.raises(exception.VersionNotAcceptable) as caught:
        _negotiate({'OpenStack-API-Version': 'compute %s' % value})
    assert caught.value.code == 406
    message = caught.value.format_message()
    assert value in message
    assert 'Minimum is 2.1' in message
    assert 'maximum is %s' % microversion.MAX_VERSION in message


@pytest.mark.parametrize('value', [microversion.MIN_VERSION, microversion.MAX_VERSION])
def test_range_bounds_are_inclusive(value):
    assert _negotiate({'OpenStack-API-Version': 'compute %s' % value}) == value


# --------------------------------------------------------------------------- APIVersion

def test_ordering_is_numeric_not_lexicographic():
    assert microversion.APIVersion('2.10') > microversion.APIVersion('2.9')
    assert microversion.APIVersion('2.9') < microversion.APIVersion('2.10')
    assert microversion.APIVersion('3.0') > microversion.APIVersion('2.99')


def test_comparisons_with_strings_and_gates():
    v = microversion.APIVersion('2.19')
    assert v == '2.19' and v != '2.2'
    assert v >= microversion.DESCRIPTION
    assert v < microversion.SERVER_TAGS
    assert not v >= microversion.FLAVOR_EMBEDDED
    assert v <= '2.19' and v > '2.18'


def test_equal_versions_hash_alike_and_print():
    a, b = microversion.APIVersion('2.26'), microversion.APIVersion(' 2.26 ')
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert str(a) == '2.26'


def test_sorting():
    versions = [microversion.APIVersion(s) for s in ('2.10', '2.2', '2.1', '2.47')]
    assert [str(v) for v in sorted(versions)] == ['2.1', '2.2', '2.10', '2.47']


# --------------------------------------------------------------------------- VERSIONS

def test_versions_are_strictly_increasing_and_each_has_a_note():
    parsed = [microversion.APIVersion(v) for v, _ in microversion.VERSIONS]
    assert all(a < b for a, b in zip(parsed, parsed[1:]))
    for version, note in microversion.VERSIONS:
        assert isinstance(note, str) and note.strip(), version


def test_versions_have_no_gaps_in_the_2_x_series():
    minors = [microversion.APIVersion(v).minor for v, _ in microversion.VERSIONS]
    assert minors == list(range(minors[0], minors[-1] + 1))


def test_min_and_max_are_the_ends_of_versions():
    assert microversion.MIN == microversion.VERSIONS[0][0] == '2.1'
    assert microversion.MAX == microversion.VERSIONS[-1][0]


def test_named_gates_are_listed_versions():
    listed = {v for v, _ in microversion.VERSIONS}
    gates = [value for name, value in vars(microversion).items()
             if name.isupper() and isinstance(value, microversion.APIVersion)]
    assert microversion.FLAVOR_EMBEDDED in gates
    for gate in gates:
        # a gate is a version novalite serves, or one above the maximum that waits for it
        assert str(gate) in listed or gate > microversion.MAX



def _gate_assignments():
    """(name, version) of every ``NAME = APIVersion('x.y')`` in microversion.py, in source
    order (MIN and MAX are the ends of VERSIONS, not gates)."""
    import ast
    tree = ast.parse(open(microversion.__file__).read())
    gates = []
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and getattr(node.value.func, 'id', None) == 'APIVersion'):
            name = node.targets[0].id
            if name not in ('MIN', 'MAX'):
                gates.append((name, node.value.args[0].value))
    return gates


def test_gates_follow_versions_one_name_per_version():
    listed = [v for v, _ in microversion.VERSIONS]
    gates = _gate_assignments()
    assert len(gates) > 50
    positions = [listed.index(version) for _, version in gates]  # ValueError: not listed
    # strictly increasing: in the order of VERSIONS, and no version under two names
    assert positions == sorted(set(positions)), gates
    for name, version in gates:
        assert getattr(microversion, name) == version


def test_every_gate_constant_is_an_assignment_we_checked():
    checked = {name for name, _ in _gate_assignments()} | {'MIN', 'MAX'}
    constants = {name for name, value in vars(microversion).items()
                 if isinstance(value, microversion.APIVersion)}
    assert constants == checked
    values = [getattr(microversion, name) for name in checked - {'MIN', 'MAX'}]
    assert len(values) == len(set(values))

# --------------------------------------------------------------------------- headers

def test_response_headers():
    headers = dict(microversion.response_headers(microversion.APIVersion('2.47')))
    assert headers['OpenStack-API-Version'] == 'compute 2.47'
    assert headers['X-OpenStack-Nova-API-Version'] == '2.47'
    vary = {h.strip().lower() for h in headers['Vary'].split(',')}
    assert vary == {'openstack-api-version', 'x-openstack-nova-api-version'}


def test_response_headers_round_trip_through_negotiate():
    version = microversion.APIVersion('2.33')
    headers = dict(microversion.response_headers(version))
    assert _negotiate({'OpenStack-API-Version': headers['OpenStack-API-Version']}) == version
