"""Shared fixtures: each test builds its own configuration object and database."""
import pytest
from oslo_config import cfg

from novalite import conf as novalite_conf
from novalite.identity import tokens as _tokens

# Password hashing is deliberately slow; unit tests hash hundreds of passwords.
_tokens._PBKDF2_ROUNDS = 1000


@pytest.fixture
def conf(tmp_path):
    c = cfg.ConfigOpts()
    novalite_conf.register_opts(c)
    c([], project='novalite', default_config_files=[])
    c.set_override('state_dir', str(tmp_path))
    c.set_override('connection', 'sqlite:///%s/novalite.db' % tmp_path, group='database')
    return c


@pytest.fixture
def database(conf):
    from novalite.db import session
    session.configure(conf.database.connection)
    session.create_schema()
    from novalite.identity import tokens
    tokens.forget_cached()
    yield session
    session.get_engine().dispose()


class InProcessClient:
    """Calls one paste app in-process, as a service prefix would see it."""

    def __init__(self, app, service, prefix):
        self.app, self.service, self.prefix = app, service, prefix

    def request(self, method, path, body=None, token=None, headers=None, raw=None):
        import json as _json
        import webob
        req = webob.Request.blank(path, method=method, headers=headers or {})
        req.environ['SCRIPT_NAME'] = self.prefix
        req.environ['novalite.service'] = self.service
        if token:
            req.headers['X-Auth-Token'] = token
        if raw is not None:
            req.body = raw
        elif body is not None:
            req.content_type = 'application/json'
            req.body = _json.dumps(body).encode()
        resp = req.get_response(self.app)
        try:
            data = _json.loads(resp.body) if resp.body else None
        except ValueError:
            data = resp.body
        return resp.status_int, resp.headers, data


@pytest.fixture
def service_app(conf, database):
    """service_app('compute') -> an InProcessClient for that service's paste pipeline."""
    from novalite.api import deploy
    prefixes = {'compute': '/compute', 'identity': '/identity', 'image': '/image',
                'network': '/networking'}

    def _load(service):
        return InProcessClient(deploy.load_app(conf, name=service), service, prefixes[service])
    return _load


@pytest.fixture
def make_token(database):
    """make_token('demo', 'member') -> (token, user_id, project_id); rows made directly."""
    import uuid
    from novalite.db import models
    from novalite.identity import tokens

    def _make(project_name='demo', *role_names, user_name=None):
        role_names = role_names or ('member',)
        user_name = user_name or '%s-%s' % (project_name, '-'.join(role_names))
        with database.transaction() as s:
            project = s.query(models.Project).filter_by(name=project_name).first()
            if project is None:
                project = models.Project(id=uuid.uuid4().hex, name=project_name,
                                         domain_id='default')
                s.add(project)
            user = s.query(models.User).filter_by(name=user_name).first()
            if user is None:
                user = models.User(id=uuid.uuid4().hex, name=user_name, domain_id='default',
                                   password_hash=tokens.hash_password('pw'))
                s.add(user)
            for rn in role_names:
                role = s.query(models.Role).filter_by(name=rn).first()
                if role is None:
                    role = models.Role(id=uuid.uuid4().hex, name=rn)
                    s.add(role)
                    s.flush()
                if s.get(models.RoleAssignment, ('UserProject', user.id, project.id,
                                                 role.id)) is None:
                    s.add(models.RoleAssignment(type='UserProject', actor_id=user.id,
                                                target_id=project.id, role_id=role.id))
            user_id, project_id = user.id, project.id
        secret, _ = tokens.issue(user_id, project_id=project_id)
        return secret, user_id, project_id
    return _make


# The longest modules (a minute or more each on CI's 2 cores), run first: with
# `pytest -n 2 --dist loadfile` a long module handed out last keeps one worker busy while
# the other idles. Only the order of modules changes; each module's tests keep theirs.
LONG_MODULES = (
    'tests/functional/test_scale_out.py',
    'tests/functional/test_libvirt_driver.py',
    'tests/unit/db/test_migration.py',
    'tests/functional/test_load.py',
    'tests/functional/test_clients_volume_extras.py',
    'tests/functional/test_clients_identity_admin.py',
    'tests/functional/test_server_image_actions.py',
    'tests/functional/test_libvirt_moves.py',
)


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        path = item.nodeid.split('::', 1)[0]
        return LONG_MODULES.index(path) if path in LONG_MODULES else len(LONG_MODULES)
    items.sort(key=rank)  # stable: the other modules keep the order they were collected in
