"""JSON Schema validation of request bodies, with Nova's error messages."""
import uuid

import jsonschema
from jsonschema import validators

from novalite import exception

_format_checker = jsonschema.FormatChecker()

# the widest integer column a database holds (BIGINT); ids outside it name nothing
DB_INT_MIN, DB_INT_MAX = -2 ** 63, 2 ** 63 - 1


def db_int(value):
    """An integer id from a URL or query: ValueError unless it is one a database can hold."""
    number = int(str(value).strip())
    if not DB_INT_MIN <= number <= DB_INT_MAX:
        raise ValueError('%s is out of range' % value)
    return number


@_format_checker.checks('uuid')
def _is_uuid(value):
    if not isinstance(value, str):
        return True
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@_format_checker.checks('ipv4')
def _is_ipv4(value):
    import ipaddress
    if not isinstance(value, str):
        return True
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


@_format_checker.checks('ipv6')
def _is_ipv6(value):
    import ipaddress
    if not isinstance(value, str):
        return True
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def _number_from_str(instance):
    try:
        return int(instance)
    except (ValueError, TypeError):
        try:
            return float(instance)
        except (ValueError, TypeError):
            return None


def _string_aware(keyword):
    """Nova's minimum/maximum: they also hold for numbers given as strings ('0')."""
    check = validators.Draft4Validator.VALIDATORS[keyword]

    def _check(validator, value, instance, schema):
        number = _number_from_str(instance)
        if number is None:
            return
        yield from check(validator, value, number, schema) or ()
    return _check


_Validator = validators.extend(validators.Draft4Validator,
                               {'minimum': _string_aware('minimum'),
                                'maximum': _string_aware('maximum')})

# Reusable schema fragments (Nova's parameter_types).
non_negative_integer = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 0,
                        'minLength': 1}
positive_integer = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 1,
                    'minLength': 1}
name = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'pattern': r'^(?! )[^\x00-\x1f\x7f]*(?<! )$'}
name_with_leading_trailing_spaces = {'type': 'string', 'minLength': 1, 'maxLength': 255,
                                     'pattern': r'^[^\x00-\x1f\x7f]*$'}
description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
               'pattern': r'^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$'}
boolean = {'type': ['boolean', 'string'],
           'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes',
                    'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO',
                    'No', 'no', 'n', 'f']}
metadata = {'type': 'object',
            'patternProperties': {'^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string',
                                                                 'maxLength': 255}},
            'additionalProperties': False}
uuid_type = {'type': 'string', 'format': 'uuid'}
image_ref = {'type': 'string', 'maxLength': 2048}
flavor_ref = {'type': ['string', 'integer'], 'minLength': 1}
ipv4 = {'type': 'string', 'format': 'ipv4'}
ipv6 = {'type': 'string', 'format': 'ipv6'}
admin_password = {'type': 'string'}

_TRUE = {True, 'true', '1', 'on', 'yes', 'y', 't'}


def to_bool(value):
    return str(value).lower() in _TRUE if not isinstance(value, bool) else value


def validate(schema, body):
    """Raise 400 ValidationError with Nova's message for the first error in ``body``."""
    validator = _Validator(schema, format_checker=_format_checker)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    if not errors:
        return
    raise exception.ValidationError(detail=_message(_best(errors)))


def _best(errors):
    return jsonschema.exceptions.best_match(errors) or errors[0]


def _message(error):
    if error.validator == 'required':
        return error.message
    if error.validator == 'additionalProperties':
        return error.message
    if not error.path:
        return error.message
    path = error.path[-1]  # Nova names the failing property, not the whole path
    detail = error.message
    if error.validator == 'pattern' and error.cause is None:
        detail = "%r does not match %r" % (error.instance, error.validator_value)
    if error.validator == 'format':
        detail = "%r is not a '%s'" % (error.instance, error.validator_value)
    return 'Invalid input for field/attribute %s. Value: %s. %s' % (
        path, error.instance if not isinstance(error.instance, str) else error.instance,
        detail)

