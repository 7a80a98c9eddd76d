"""Request bodies shared by the identity tests."""


def password_auth(user, password='secret', project=None, domain=None, system=False,
                  user_domain='Default', project_domain='Default'):
    """A v3 auth body for a user by name (or {'id': ...}) with an optional scope."""
    user_ref = dict(user) if isinstance(user, dict) else {'name': user,
                                                          'domain': {'name': user_domain}}
    user_ref['password'] = password
    auth = {'identity': {'methods': ['password'], 'password': {'user': user_ref}}}
    if project is not None:
        auth['scope'] = {'project': dict(project) if isinstance(project, dict) else
                         {'name': project, 'domain': {'name': project_domain}}}
    elif domain is not None:
        auth['scope'] = {'domain': domain}
    elif system:
        auth['scope'] = {'system': {'all': True}}
    return {'auth': auth}
