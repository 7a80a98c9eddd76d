"""Query string schemas of the compute lists (Nova's ``*_query`` schemas).

A GET method declares what it accepts with ``@validation.query(schema, strict_from)``; the
Router refuses anything else with a 400 from ``strict_from`` (2.75 for the lists Nova made
strict then, 2.102 for all the others). A method without a declaration accepts no query
parameter from 2.102. A schema may be a function of the microversion.
"""
from novalite.api import microversion as mv
from novalite.api import validation as v

_PAGE = ('limit', 'marker')


def flavors(version):
    """limit/marker, is_public, minRam, minDisk, sort_key/sort_dir; 2.102 name, and
    rxtx_factor is no sort key any more."""
    names = _PAGE + ('is_public', 'minRam', 'minDisk', 'sort_key', 'sort_dir')
    return v.query_schema(*names + (('name',) if version >= mv.STRICT_QUERY else ()))


def keypairs(version):
    """user_id (2.10); limit/marker (2.35)."""
    return v.query_schema('user_id', *(_PAGE if version >= mv.KEYPAIR_PAGINATION else ()))


KEYPAIR = v.query_schema('user_id')
SERVICES = v.query_schema('host', 'binary')
LIMITS = v.query_schema('tenant_id')
QUOTA_SET = v.query_schema('user_id')
SERVER_GROUPS = v.query_schema('all_projects', 'limit', 'offset')
HYPERVISORS = v.query_schema('limit', 'marker', 'hypervisor_hostname_pattern', 'with_servers')
HYPERVISOR = v.query_schema('with_servers')
INSTANCE_ACTIONS = v.query_schema('limit', 'marker', 'changes-since', 'changes-before')


def usage(version, detailed=True):
    names = ('start', 'end') + (('detailed',) if detailed else ())
    return v.query_schema(*names + (_PAGE if version >= mv.TENANT_USAGE_PAGINATION else ()))


def usage_one(version):
    return usage(version, detailed=False)
