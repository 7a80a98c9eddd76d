from oslo_policy import policy

ADMIN = 'rule:context_is_admin'
PROJECT_MEMBER = 'rule:project_member_api'
PROJECT_READER = 'rule:project_reader_api'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'

RULES = [
    policy.RuleDefault('context_is_admin', 'role:admin', 'Decides what is an admin.'),
    policy.RuleDefault('admin_api', 'role:admin', 'Default rule for admin-only APIs.'),
    policy.RuleDefault('project_member_api', 'role:member and project_id:%(project_id)s',
                       'Default rule for project member APIs.'),
    policy.RuleDefault('project_reader_api', 'role:reader and project_id:%(project_id)s',
                       'Default rule for project reader APIs.'),
    policy.RuleDefault('project_member_or_admin',
                       'rule:project_member_api or rule:context_is_admin',
                       'Project member or admin.'),
    policy.RuleDefault('project_reader_or_admin',
                       'rule:project_reader_api or rule:context_is_admin',
                       'Project reader or admin.'),
]
