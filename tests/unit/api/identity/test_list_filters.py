"""Keystone's inexact list filters and how names compare (case-insensitively, as Keystone on
MySQL/MariaDB)."""
import urllib.parse

import pytest

from novalite.db import identity_names

from .fakes import password_auth


@pytest.fixture
def admin(identity, admin_token):
    def _call(method, path, body=None):
        return identity.request(method, path, token=admin_token, body=body)
    return _call


@pytest.fixture
def projects(admin):
    for name in ('alpha-one', 'Alpha-Two', 'beta-one'):
        assert admin('POST', '/v3/projects', {'project': {'name': name}})[0] == 201


@pytest.mark.parametrize('query, names', [
    ('name__contains=lpha', ['alpha-one', 'Alpha-Two']),
    ('name__contains=ALPHA', []),
    ('name__icontains=ALPHA', ['alpha-one', 'Alpha-Two']),
    ('name__startswith=alpha', ['alpha-one']),
    ('name__istartswith=alpha', ['alpha-one', 'Alpha-Two']),
    ('name__endswith=one', ['alpha-one', 'beta-one']),
    ('name__iendswith=TWO', ['Alpha-Two']),
    ('name__equals=beta-one', ['beta-one']),
    ('name__iequals=BETA-ONE', ['beta-one']),
    ('name__contains=a&name__endswith=two', []),
    ('name__icontains=a&name__iendswith=two', ['Alpha-Two']),
    ('name__bogus=zzz', ['alpha-one', 'Alpha-Two', 'beta-one']),
    ('colour__contains=zzz', ['alpha-one', 'Alpha-Two', 'beta-one']),
])
def test_project_filters(admin, projects, query, names):
    status, _, body = admin('GET', '/v3/projects?domain_id=default&' + query)
    assert status == 200
    ours = [p['name'] for p in body['projects'] if p['name'] in
            ('alpha-one', 'Alpha-Two', 'beta-one')]
    assert sorted(ours) == sorted(names)


def test_filters_on_users_roles_domains(admin, cloud):
    _, _, body = admin('GET', '/v3/users?name__startswith=ad')
    assert [u['name'] for u in body['users']] == ['admin']
    _, _, body = admin('GET', '/v3/roles?name__iendswith=ER')
    assert sorted(r['name'] for r in body['roles']) == ['manager', 'member', 'reader']
    _, _, body = admin('GET', '/v3/domains?name__icontains=DEF')
    assert [d['id'] for d in body['domains']] == ['default']
    _, _, body = admin('GET', '/v3/domains?name__contains=DEF')
    assert body['domains'] == []


def test_names_match_case_insensitively(identity, admin, cloud):
    # "default" for Default, "DEMO" for demo, "Demo" for the user demo
    auth = password_auth('Demo', user_domain='default', project='DEMO',
                         project_domain='DEFAULT')
    status, _, body = identity.request('POST', '/v3/auth/tokens', body=auth)
    assert status == 201 and body['token']['project']['name'] == 'demo'
    _, _, body = admin('GET', '/v3/projects?name=DEMO')
    assert [p['name'] for p in body['projects']] == ['demo']
    status, _, body = admin('POST', '/v3/projects', {'project': {'name': 'Demo'}})
    assert status == 409
    status, _, body = admin('POST', '/v3/users', {'user': {'name': 'ADMIN'}})
    assert status == 409
    status, _, body = admin('POST', '/v3/roles', {'role': {'name': 'Reader'}})
    assert status == 409
    status, _, body = admin('POST', '/v3/domains', {'domain': {'name': 'DEFAULT'}})
    assert status == 409


def test_non_ascii_names_match_themselves(identity, admin):
    status, _, body = admin('POST', '/v3/projects', {'project': {'name': 'Ünïcødé'}})
    assert status == 201
    _, _, listed = admin('GET', '/v3/projects?name=' + urllib.parse.quote('Ünïcødé'))
    assert [p['id'] for p in listed['projects']] == [body['project']['id']]


def test_hints_parsing():
    hints = identity_names.hints({'name__icontains': 'x', 'name': 'y', 'foo__contains': 'z',
                                  'name__startswith': 's'}, ('name',))
    assert {(h['name'], h['comparator'], h['case_sensitive'], h['value']) for h in hints} == {
        ('name', 'contains', False, 'x'), ('name', 'equals', True, 'y'),
        ('name', 'startswith', True, 's')}
