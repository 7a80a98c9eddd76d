"""novalite's traces: an admin reads every trace, a project member or reader those of the
requests made in their project."""
from oslo_policy import policy

from novalite.policies import base

ALL_PROJECTS = 'novalite:traces:all_projects'

RULES = [
    policy.DocumentedRuleDefault('novalite:traces:index', base.PROJECT_READER_OR_ADMIN +
                                 ' or ' + base.PROJECT_MEMBER,
                                 'List the traces of recent requests.',
                                 [{'method': 'GET', 'path': '/novalite/v1/traces'}]),
    policy.DocumentedRuleDefault('novalite:traces:show', base.PROJECT_READER_OR_ADMIN +
                                 ' or ' + base.PROJECT_MEMBER,
                                 'Show the trace of one request.',
                                 [{'method': 'GET', 'path': '/novalite/v1/traces/{request_id}'}]),
    policy.DocumentedRuleDefault(ALL_PROJECTS, base.ADMIN,
                                 'Read the traces of every project.',
                                 [{'method': 'GET', 'path': '/novalite/v1/traces'}]),
]
