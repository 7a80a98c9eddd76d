"""Request body validation with Nova's messages (novalite/api/validation.py)."""
import uuid

import pytest

from novalite import exception
from novalite.api import validation as v

SCHEMA = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': v.name,
                'imageRef': v.uuid_type,
                'count': v.positive_integer,
                'flag': v.boolean,
                'metadata': v.metadata,
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['server'],
    'additionalProperties': False,
}


def _error(body):
    with pytest.raises(exception.ValidationError) as caught:
        v.validate(SCHEMA, body)
    assert caught.value.code == 400
    return caught.value.format_message()


def test_valid_body_passes():
    assert v.validate(SCHEMA, {'server': {'name': 'vm', 'imageRef': str(uuid.uuid4()),
                                          'count': '2', 'flag': 'yes',
                                          'metadata': {'k': 'v'}}}) is None


def test_required_top_level():
    assert _error({}) == "'server' is a required property"


def test_required_nested_names_the_missing_property():
    assert _error({'server': {}}).endswith("'name' is a required property")


def test_additional_properties_names_the_unexpected_one():
    assert _error({'server': {'name': 'vm', 'bogus': 1}}).endswith(
        "Additional properties are not allowed ('bogus' was unexpected)")


def test_additional_properties_top_level():
    assert _error({'server': {'name': 'vm'}, 'extra': 1}) == (
        "Additional properties are not allowed ('extra' was unexpected)")


def test_type_error_names_the_field_like_nova():
    # Nova: 'Invalid input for field/attribute %(path)s' with the failing property's name.
    assert _error({'server': {'name': 1}}) == (
        "Invalid input for field/attribute name. Value: 1. 1 is not of type 'string'")


def test_format_uuid():
    assert _error({'server': {'name': 'vm', 'imageRef': 'not-a-uuid'}}) == (
        "Invalid input for field/attribute imageRef. Value: not-a-uuid. "
        "'not-a-uuid' is not a 'uuid'")


def test_pattern():
    message = _error({'server': {'name': 'vm', 'count': 'x'}})
    assert message == ("Invalid input for field/attribute count. Value: x. "
                       "'x' does not match '^[0-9]*$'")


def test_name_with_leading_space_fails_its_pattern():
    message = _error({'server': {'name': ' vm'}})
    assert message.startswith('Invalid input for field/attribute name. Value:  vm. ')
    assert 'does not match' in message


def test_minimum_also_holds_for_numbers_in_strings():
    assert _error({'server': {'name': 'vm', 'count': '0'}}) == (
        'Invalid input for field/attribute count. Value: 0. '
        '0 is less than the minimum of 1')


def test_minimum():
    assert _error({'server': {'name': 'vm', 'count': 0}}) == (
        'Invalid input for field/attribute count. Value: 0. '
        '0 is less than the minimum of 1')


def test_boolean_enum():
    assert 'is not one of' in _error({'server': {'name': 'vm', 'flag': 'maybe'}})


def test_metadata_key_pattern():
    message = _error({'server': {'name': 'vm', 'metadata': {'bad/key': 'v'}}})
    assert 'bad/key' in message


def test_uuid_format_only_checks_strings():
    # non-strings are left to the "type" keyword, as jsonschema expects of format checkers
    message = _error({'server': {'name': 'vm', 'imageRef': 5}})
    assert "5 is not of type 'string'" in message


@pytest.mark.parametrize('value', [True, 'true', 'True', 'TRUE', '1', 1, 'on', 'ON', 'yes',
                                   'Yes', 'y', 't'])
def test_to_bool_true(value):
    assert v.to_bool(value) is True


@pytest.mark.parametrize('value', [False, 'false', 'False', '0', 0, 'off', 'no', 'n', 'f', '',
                                   'maybe', None])
def test_to_bool_false(value):
    assert v.to_bool(value) is False


def test_maximum_also_holds_for_numbers_in_strings():
    schema = {'type': 'object', 'properties': {'n': {'type': ['integer', 'string'],
                                                     'maximum': 5}}}
    v.validate(schema, {'n': '5'})
    v.validate(schema, {'n': 'not-a-number'})  # left to other keywords, as in Nova
    for value in ('6', 6):
        with pytest.raises(exception.ValidationError) as caught:
            v.validate(schema, {'n': value})
        assert caught.value.format_message() == (
            'Invalid input for field/attribute n. Value: 6. 6 is greater than the maximum of 5')


@pytest.mark.parametrize('value', ['aGVsbG8=', 'aGVs\nbG8=\n', ' aGVs bG8=\r\n', '', '***'])
def test_base64_as_nova_checks_it_skips_characters_outside_the_alphabet(value):
    schema = {'type': 'object', 'properties': {'data': {'type': 'string', 'format': 'base64'}}}
    v.validate(schema, {'data': value})
    assert v.b64decode(value) in (b'hello', b'')


@pytest.mark.parametrize('value', ['abc', 'aGVsbG8', 'a==='])
def test_base64_with_bad_padding_is_refused(value):
    schema = {'type': 'object', 'properties': {'data': {'type': 'string', 'format': 'base64'}}}
    with pytest.raises(exception.ValidationError):
        v.validate(schema, {'data': value})
