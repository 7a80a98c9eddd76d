"""novalite.identity.seed: idempotent, keeps changed passwords, refreshes catalog URLs."""
from novalite.db import identity as db
from novalite.db import identity_catalog as catalog_db
from novalite.identity import seed

from .fakes import password_auth


def _counts():
    return (len(db.list_projects()), len(db.list_domains()), len(db.list_users()),
            len(db.list_roles()), len(db.list_assignments()), len(catalog_db.list_services()),
            len(catalog_db.list_endpoints()))


def test_seed_returns_ids(conf, database):
    ids = seed.seed(conf, 'http://h:1')
    for key in ('admin_project_id', 'demo_project_id', 'service_project_id', 'admin_user_id',
                'demo_user_id', 'service_user_id', 'admin_role_id', 'member_role_id',
                'reader_role_id', 'manager_role_id', 'service_role_id'):
        assert ids[key], key
    assert ids['default_domain_id'] == 'default'
    assert db.get_project(ids['demo_project_id']).name == 'demo'
    assert db.get_user(ids['service_user_id']).name == conf.service_user.username
    assert {r['name'] for r in db.effective_roles(ids['service_user_id'],
                                                  ids['service_project_id'])} >= {
        'admin', 'service'}
    assert db.has_system_role(ids['admin_user_id'])


def test_seed_is_idempotent(conf, database):
    first = seed.seed(conf, 'http://h:1')
    counts = _counts()
    assert counts == (3, 1, 3, 5, 6, 6, 18)
    assert seed.seed(conf, 'http://h:1') == first
    assert _counts() == counts


def test_seed_refreshes_urls(conf, database):
    seed.seed(conf, 'http://h:1')
    seed.seed(conf, 'http://other:2/')
    urls = {e.url for e in catalog_db.list_endpoints()}
    assert urls == {'http://other:2/identity', 'http://other:2/compute/v2.1',
                    'http://other:2/image', 'http://other:2/networking',
                    'http://other:2/volume/v3/$(project_id)s'}
    assert len(catalog_db.list_endpoints()) == 18


def test_seed_uses_conf(conf, database):
    conf.set_override('region_name', 'Elsewhere', group='identity')
    conf.set_override('username', 'svc', group='service_user')
    conf.set_override('project_name', 'services', group='service_user')
    ids = seed.seed(conf, 'http://h:1')
    assert {e.region_id for e in catalog_db.list_endpoints()} == {'Elsewhere'}
    assert db.get_project(ids['service_project_id']).name == 'services'
    assert db.get_user(ids['service_user_id']).name == 'svc'


def test_seed_keeps_changed_password(conf, service_app, database):
    conf.set_override('admin_password', 'first', group='identity')
    ids = seed.seed(conf, 'http://h:1')
    identity = service_app('identity')
    status, _, _ = identity.request('POST', '/v3/users/%s/password' % ids['admin_user_id'],
                                    body={'user': {'original_password': 'first',
                                                   'password': 'changed'}})
    assert status == 204
    conf.set_override('admin_password', 'second', group='identity')
    seed.seed(conf, 'http://h:1')
    auth = password_auth('admin', 'changed', project='admin')
    assert identity.request('POST', '/v3/auth/tokens', body=auth)[0] == 201
    auth = password_auth('admin', 'second', project='admin')
    assert identity.request('POST', '/v3/auth/tokens', body=auth)[0] == 401


def test_seeded_admin_scopes(conf, service_app, database):
    seed.seed(conf, 'http://h:1')
    identity = service_app('identity')
    for scope in ({'project': 'admin'}, {'domain': {'name': 'Default'}}, {'system': True}):
        status, _, _ = identity.request('POST', '/v3/auth/tokens',
                                        body=password_auth('admin', **scope))
        assert status == 201, scope
    status, _, body = identity.request('POST', '/v3/auth/tokens', body=password_auth('nova'))
    assert status == 201 and 'project' not in body['token']
