"""JSON Schema validation of request bodies, with Nova's error messages."""
import base64
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


def b64decode(value):
    """Nova's base64 check (oslo's decode_as_bytes): characters outside the alphabet, such
    as the newlines and spaces many tools wrap their output with, are skipped; bad padding
    raises ValueError."""
    if isinstance(value, str):
        value = value.encode('utf-8')
    return base64.b64decode(value)


@_format_checker.checks('base64', raises=ValueError)
def _is_base64(value):
    if not isinstance(value, str):
        return True
    b64decode(value)
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


# ----------------------------------------------------------------------------- query strings
def query_schema(*names, **typed):
    """The schema of a query string (Nova's multi_params: each parameter a list of values):
    ``names`` take any string, ``typed`` name the schema of one value."""
    properties = {name: {'type': 'array', 'items': {'type': 'string'}} for name in names}
    properties.update({name: {'type': 'array', 'items': item} for name, item in typed.items()})
    return {'type': 'object', 'properties': properties, 'additionalProperties': False}


NO_QUERY = query_schema()


def query(schema, strict_from=None, until=None):
    """Decorator: the query string a controller method accepts. From ``strict_from`` (by
    default 2.102, where every compute API refuses unknown parameters) the Router checks the
    query against ``schema``; ``None`` marks a method whose API is gone before that version,
    ``until`` the version an API is gone from (it answers 404 itself)."""
    def decorator(func):
        func.query_schema = schema
        func.query_strict_from = strict_from
        func.query_until = until
        return func
    return decorator


def check_query(req, func, default_strict_from):
    """400 when the query string of ``req`` has a parameter ``func`` does not accept (or a
    value its schema refuses), from the version the method's declaration names."""
    schema = getattr(func, 'query_schema', NO_QUERY)
    strict_from = getattr(func, 'query_strict_from', None) or default_strict_from
    until = getattr(func, 'query_until', None)
    if schema is None or req.api_version < strict_from or (until and req.api_version >= until):
        return
    if callable(schema):
        schema = schema(req.api_version)
    try:
        params = req.GET.dict_of_lists()
    except UnicodeDecodeError:
        raise exception.ValidationError(detail='Query string is not UTF-8 encoded')
    validator = _Validator(schema, format_checker=_format_checker)
    errors = list(validator.iter_errors(params))
    if not errors:
        return
    error = _best(errors)
    if error.validator == 'additionalProperties':
        unknown = sorted(set(params) - set(schema['properties']))
        raise exception.ValidationError(
            detail='Invalid input for query parameters %s. Value: %s. %s'
                   % (unknown[0], params[unknown[0]][0], error.message))
    name = error.path[0] if error.path else ''
    raise exception.ValidationError(
        detail='Invalid input for query parameters %s. Value: %s. %s'
               % (name, error.instance, error.message))
