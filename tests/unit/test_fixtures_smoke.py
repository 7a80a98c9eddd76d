def test_token_roles_are_expanded(make_token):
    from novalite.identity import tokens
    secret, user_id, project_id = make_token('demo', 'admin')
    info = tokens.validate(secret)
    assert info['project']['id'] == project_id
    names = {r['name'] for r in info['roles']}
    assert names == {'admin'}  # implied roles only expand to roles that exist
    assert tokens.revoke(secret)
    assert tokens.validate(secret) is None
