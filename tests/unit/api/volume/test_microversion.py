"""Block-storage microversions: the list, the gates, negotiation (Cinder's rules)."""
import pytest

from novalite import exception
from novalite.api.microversion import APIVersion
from novalite.api.volume import microversion as mv


def test_versions_are_3_0_to_3_71_in_order():
    versions = [APIVersion(v) for v, _ in mv.VERSIONS]
    assert versions == sorted(versions)
    assert [str(v) for v in versions] == ['3.%d' % i for i in range(72)]
    assert (str(mv.MIN), str(mv.MAX)) == ('3.0', '3.71')


def test_gates_in_order_and_one_per_version():
    gates = [value for name, value in vars(mv).items()
             if isinstance(value, APIVersion) and name not in ('MIN', 'MAX')]
    assert gates == sorted(gates) and len(gates) == len(set(gates))
    assert all(mv.MIN < gate <= mv.MAX for gate in gates)


@pytest.mark.parametrize('header,expected', [
    (None, '3.0'), ('volume 3.27', '3.27'), ('volume latest', '3.71'),
    ('compute 2.1, volume 3.44', '3.44'), ('VOLUME 3.5', '3.5')])
def test_negotiate(header, expected):
    headers = {} if header is None else {'OpenStack-API-Version': header}
    assert str(mv.negotiate(headers)) == expected


@pytest.mark.parametrize('header,error,code', [
    ('volume 3.72', exception.VersionNotAcceptable, 406),
    ('volume 2.0', exception.VersionNotAcceptable, 406),
    ('volume 3.x', exception.InvalidAPIVersionString, 400),
    ('compute 2.1', exception.Invalid, 400)])
def test_negotiate_errors(header, error, code):
    with pytest.raises(error) as info:
        mv.negotiate({'OpenStack-API-Version': header})
    assert info.value.code == code


def test_response_headers():
    assert mv.response_headers(APIVersion('3.27')) == [
        ('OpenStack-API-Version', 'volume 3.27'), ('Vary', 'OpenStack-API-Version')]
