"""Keystone's policy rules for application credentials, access rules, trusts, credentials
(incl. OS-EC2) and policies (names and defaults of keystone/common/policies)."""
from novalite.policies import identity as base

ADMIN = base.ADMIN
SYSTEM_READER = base.SYSTEM_READER
SYSTEM_ADMIN = 'role:admin and system_scope:all'
OWNER = 'user_id:%(user_id)s'
ADMIN_OR_SYSTEM_READER = base.ADMIN_OR_SYSTEM_READER
CRED_OWNER = 'user_id:%(target.credential.user_id)s'
TRUSTOR = 'user_id:%(target.trust.trustor_user_id)s'
TRUSTEE = 'user_id:%(target.trust.trustee_user_id)s'
_rule = base._rule

RULES = [
    # application credentials
    _rule('create_application_credential', OWNER, 'POST',
          '/v3/users/{user_id}/application_credentials', 'Create an application credential.'),
    _rule('get_application_credential', '(%s) or (%s) or %s' % (ADMIN, SYSTEM_READER, OWNER),
          'GET,HEAD', '/v3/users/{user_id}/application_credentials/{application_credential_id}',
          'Show application credential details.'),
    _rule('list_application_credentials', '(%s) or (%s) or %s'
          % (ADMIN, SYSTEM_READER, OWNER), 'GET,HEAD',
          '/v3/users/{user_id}/application_credentials', 'List application credentials.'),
    _rule('delete_application_credential', '(%s) or %s' % (ADMIN, OWNER), 'DELETE',
          '/v3/users/{user_id}/application_credentials/{application_credential_id}',
          'Delete an application credential.'),
    # access rules
    _rule('get_access_rule', '(%s) or user_id:%%(target.user.id)s' % SYSTEM_READER,
          'GET,HEAD', '/v3/users/{user_id}/access_rules/{access_rule_id}',
          'Show access rule details.'),
    _rule('list_access_rules', '(%s) or user_id:%%(target.user.id)s' % SYSTEM_READER,
          'GET,HEAD', '/v3/users/{user_id}/access_rules', 'List access rules for a user.'),
    _rule('delete_access_rule', '(%s) or user_id:%%(target.user.id)s' % SYSTEM_ADMIN,
          'DELETE', '/v3/users/{user_id}/access_rules/{access_rule_id}',
          'Delete an access rule.'),
    # trusts
    _rule('create_trust', TRUSTOR, 'POST', '/v3/OS-TRUST/trusts', 'Create trust.'),
    _rule('list_trusts', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/OS-TRUST/trusts',
          'List trusts.'),
    _rule('list_trusts_for_trustor', '%s or %s' % (ADMIN_OR_SYSTEM_READER, TRUSTOR),
          'GET,HEAD', '/v3/OS-TRUST/trusts?trustor_user_id={trustor_user_id}',
          'List trusts for trustor.'),
    _rule('list_trusts_for_trustee', '%s or %s' % (ADMIN_OR_SYSTEM_READER, TRUSTEE),
          'GET,HEAD', '/v3/OS-TRUST/trusts?trustee_user_id={trustee_user_id}',
          'List trusts for trustee.'),
    _rule('list_roles_for_trust', '%s or %s or %s' % (ADMIN_OR_SYSTEM_READER, TRUSTOR,
                                                      TRUSTEE),
          'GET,HEAD', '/v3/OS-TRUST/trusts/{trust_id}/roles', 'List roles delegated by a trust.'),
    _rule('get_role_for_trust', '%s or %s or %s' % (ADMIN_OR_SYSTEM_READER, TRUSTOR, TRUSTEE),
          'GET,HEAD', '/v3/OS-TRUST/trusts/{trust_id}/roles/{role_id}',
          'Check if trust delegates a particular role.'),
    _rule('delete_trust', '%s or %s' % (ADMIN, TRUSTOR), 'DELETE',
          '/v3/OS-TRUST/trusts/{trust_id}', 'Revoke trust.'),
    _rule('get_trust', '%s or %s or %s' % (ADMIN_OR_SYSTEM_READER, TRUSTOR, TRUSTEE),
          'GET,HEAD', '/v3/OS-TRUST/trusts/{trust_id}', 'Get trust.'),
    # credentials
    _rule('get_credential', '%s or %s' % (ADMIN_OR_SYSTEM_READER, CRED_OWNER), 'GET,HEAD',
          '/v3/credentials/{credential_id}', 'Show credentials details.'),
    _rule('list_credentials', '%s or %s' % (ADMIN_OR_SYSTEM_READER, CRED_OWNER), 'GET,HEAD',
          '/v3/credentials', 'List credentials.'),
    _rule('create_credential', '(%s) or %s' % (ADMIN, CRED_OWNER), 'POST', '/v3/credentials',
          'Create credential.'),
    _rule('update_credential', '(%s) or %s' % (ADMIN, CRED_OWNER), 'PATCH',
          '/v3/credentials/{credential_id}', 'Update credential.'),
    _rule('delete_credential', '(%s) or %s' % (ADMIN, CRED_OWNER), 'DELETE',
          '/v3/credentials/{credential_id}', 'Delete credential.'),
    # OS-EC2
    _rule('ec2_get_credential', '%s or %s' % (ADMIN_OR_SYSTEM_READER, CRED_OWNER), 'GET,HEAD',
          '/v3/users/{user_id}/credentials/OS-EC2/{credential_id}', 'Show ec2 credential.'),
    _rule('ec2_list_credentials', '%s or %s' % (ADMIN_OR_SYSTEM_READER, OWNER), 'GET,HEAD',
          '/v3/users/{user_id}/credentials/OS-EC2', 'List ec2 credentials.'),
    _rule('ec2_create_credential', '(%s) or (role:member and %s)' % (ADMIN, CRED_OWNER),
          'POST', '/v3/users/{user_id}/credentials/OS-EC2', 'Create ec2 credential.'),
    _rule('ec2_delete_credential', '(%s) or (role:member and %s)' % (ADMIN, CRED_OWNER),
          'DELETE', '/v3/users/{user_id}/credentials/OS-EC2/{credential_id}',
          'Delete ec2 credential.'),
    # policies
    _rule('get_policy', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/policies/{policy_id}',
          'Show policy details.'),
    _rule('list_policies', ADMIN_OR_SYSTEM_READER, 'GET,HEAD', '/v3/policies',
          'List policies.'),
    _rule('create_policy', ADMIN, 'POST', '/v3/policies', 'Create policy.'),
    _rule('update_policy', ADMIN, 'PATCH', '/v3/policies/{policy_id}', 'Update policy.'),
    _rule('delete_policy', ADMIN, 'DELETE', '/v3/policies/{policy_id}', 'Delete policy.'),
]
