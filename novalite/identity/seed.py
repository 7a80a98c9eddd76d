"""The demo cloud's identity data, made idempotently at every start (``seed(conf, url)``).

Creates what is missing and never touches what an operator changed (passwords are set only
when a user is created), except the catalog URLs of novalite's own services, which are rewritten
on every call so that a changed address or port is picked up (services and endpoints created
through the API are never touched).
"""
import sqlalchemy as sa

from novalite import exception
from novalite.db import identity as db
from novalite.db import identity_catalog as catalog_db
from novalite.identity import tokens

ROLES = ('admin', 'manager', 'member', 'reader', 'service')
SERVICES = (
    # type, name, path below the public URL, description
    ('identity', 'keystone', '/identity', 'Identity Service'),
    ('compute', 'nova', '/compute/v2.1', 'Compute Service'),
    ('image', 'glance', '/image', 'Image Service'),
    ('network', 'neutron', '/networking', 'Network Service'),
    # devstack's block storage: the official type and the v3 alias, both with the project id
    ('block-storage', 'cinder', '/volume/v3/$(project_id)s', 'Cinder Volume Service'),
    ('volumev3', 'cinderv3', '/volume/v3/$(project_id)s', 'Cinder Volume Service V3'),
)
INTERFACES = ('public', 'internal', 'admin')


def _project(name, description=''):
    row = db.get_project_by_name(name, db.DEFAULT_DOMAIN_ID)
    if row is None:
        try:
            row = db.create_project({
                'name': name, 'domain_id': db.DEFAULT_DOMAIN_ID,
                'parent_id': db.DEFAULT_DOMAIN_ID, 'description': description,
                'enabled': True, 'is_domain': False, 'extra': {}})
        except exception.Conflict:  # created meanwhile by another process
            row = db.get_project_by_name(name, db.DEFAULT_DOMAIN_ID)
    return row


def _role(name):
    row = db.get_role_by_name(name)
    if row is None:
        try:
            row = db.create_role({'name': name, 'domain_id': None})
        except exception.Conflict:
            row = db.get_role_by_name(name)
    return row


def _user(name, password, email=None):
    row = db.get_user_by_name(name, db.DEFAULT_DOMAIN_ID)
    if row is None:
        try:
            row = db.create_user({
                'name': name, 'domain_id': db.DEFAULT_DOMAIN_ID, 'enabled': True,
                'password_hash': tokens.hash_password(password),
                'default_project_id': None, 'email': email, 'extra': {}})
        except exception.Conflict:
            row = db.get_user_by_name(name, db.DEFAULT_DOMAIN_ID)
    return row


def _catalog(conf, public_url):
    """novalite's own services and endpoints (``seeded`` rows): the region is created when
    missing, the URLs rewritten. Services, endpoints and regions made through the API stay."""
    region = conf.identity.region_name
    for type_, name, path, description in SERVICES:
        service = catalog_db.ensure_service(type_, name, description)
        for interface in INTERFACES:
            catalog_db.set_endpoint(service.id, interface, region,
                                    public_url.rstrip('/') + path)


def seed(conf, public_url):
    """Seed (or refresh) the identity data; returns the ids of what the demo cloud uses."""
    domain = db.ensure_domain(db.DEFAULT_DOMAIN_ID, 'Default', 'The default domain')
    projects = {name: _project(name, '%s project' % name.capitalize())
                for name in ('admin', 'demo', 'service')}
    service_project_name = conf.service_user.project_name
    if service_project_name not in projects:
        projects[service_project_name] = _project(service_project_name)
    roles = {name: _role(name) for name in ROLES}

    # like keystone-manage bootstrap: no default project, so unscoped requests stay unscoped
    admin = _user('admin', conf.identity.admin_password)
    demo = _user('demo', conf.identity.demo_password)
    service_user = _user(conf.service_user.username, conf.service_user.password)

    grants = [
        (db.USER_PROJECT, admin.id, projects['admin'].id, 'admin'),
        (db.USER_DOMAIN, admin.id, domain.id, 'admin'),
        (db.USER_SYSTEM, admin.id, db.SYSTEM, 'admin'),
        (db.USER_PROJECT, demo.id, projects['demo'].id, 'member'),
        (db.USER_PROJECT, service_user.id, projects[service_project_name].id, 'admin'),
        (db.USER_PROJECT, service_user.id, projects[service_project_name].id, 'service'),
    ]
    for kind, actor_id, target_id, role_name in grants:
        if not db.has_assignment(kind, actor_id, target_id, roles[role_name].id):
            try:
                db.add_assignment(kind, actor_id, target_id, roles[role_name].id)
            except sa.exc.IntegrityError:
                pass
    _catalog(conf, public_url)

    ids = {
        'default_domain_id': domain.id,
        'admin_project_id': projects['admin'].id,
        'demo_project_id': projects['demo'].id,
        'service_project_id': projects[service_project_name].id,
        'admin_user_id': admin.id,
        'demo_user_id': demo.id,
        'service_user_id': service_user.id,
    }
    ids.update(('%s_role_id' % name, role.id) for name, role in roles.items())
    return ids
