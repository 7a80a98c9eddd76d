"""The demo cloud a fresh all-in-one (or ``novalite-manage bootstrap``) starts with.

Every step is idempotent: a second start finds what the first made and only refreshes the
catalog URLs and the client files.
"""
import os
import textwrap

from novalite import exception
from novalite.db import flavors as flavor_db

# devstack's flavors: (flavorid, name, ram MiB, disk GiB, vcpus)
FLAVORS = [
    ('1', 'm1.tiny', 512, 1, 1),
    ('2', 'm1.small', 2048, 20, 1),
    ('3', 'm1.medium', 4096, 40, 2),
    ('4', 'm1.large', 8192, 80, 4),
    ('5', 'm1.xlarge', 16384, 160, 8),
    ('42', 'm1.nano', 128, 1, 1),
    ('84', 'm1.micro', 192, 1, 1),
]


def seed_flavors():
    for flavorid, name, ram, disk, vcpus in FLAVORS:
        try:
            flavor_db.flavor_get(flavorid)
        except exception.FlavorNotFound:
            flavor_db.flavor_create({'flavorid': flavorid, 'name': name, 'memory_mb': ram,
                                     'root_gb': disk, 'vcpus': vcpus, 'ephemeral_gb': 0,
                                     'swap': 0, 'rxtx_factor': 1.0, 'is_public': True,
                                     'extra_specs': {}})


def seed(conf, public_url):
    """Seed every service; returns the identity ids."""
    from novalite.db import image as image_db
    from novalite.db import network as network_db
    from novalite.db import routers as router_db
    from novalite.db import subnetpools
    from novalite.db import volume_types
    from novalite.identity import seed as identity_seed
    ids = identity_seed.seed(conf, public_url)
    seed_flavors()
    image_db.seed_cirros(conf, ids['admin_project_id'])
    nets = network_db.seed_networks(ids['admin_project_id'], ids['demo_project_id'])
    router_db.seed_router('router1', ids['demo_project_id'], nets['public'], 'private-subnet')
    subnetpools.seed_default_pool(ids['admin_project_id'])
    volume_types.ensure_default()
    return ids


def write_client_files(conf, public_url, directory):
    """clouds.yaml (clouds novalite and novalite-admin) and openrc; returns their paths."""
    os.makedirs(directory, exist_ok=True)
    auth_url = public_url + '/identity'
    region = conf.identity.region_name

    def cloud(user, password, project):
        return textwrap.indent(textwrap.dedent('''\
            auth:
              auth_url: %s
              username: %s
              password: %s
              project_name: %s
              user_domain_name: Default
              project_domain_name: Default
            region_name: %s
            identity_api_version: 3
            interface: public
            ''' % (auth_url, user, password, project, region)), '    ')
    clouds = ('clouds:\n  novalite:\n' + cloud('demo', conf.identity.demo_password, 'demo')
              + '  novalite-admin:\n'
              + cloud('admin', conf.identity.admin_password, 'admin'))
    clouds_path = os.path.join(directory, 'clouds.yaml')
    _write_private(clouds_path, clouds)
    openrc = textwrap.dedent('''\
        # novalite credentials: source this file, then run openstack, nova, ...
        # For the admin user: OS_USERNAME=admin OS_PROJECT_NAME=admin OS_PASSWORD=%s
        export OS_AUTH_URL=%s
        export OS_IDENTITY_API_VERSION=3
        export OS_USERNAME=demo
        export OS_PASSWORD=%s
        export OS_PROJECT_NAME=demo
        export OS_USER_DOMAIN_NAME=Default
        export OS_PROJECT_DOMAIN_NAME=Default
        export OS_REGION_NAME=%s
        export OS_INTERFACE=public
        ''' % (conf.identity.admin_password, auth_url, conf.identity.demo_password, region))
    openrc_path = os.path.join(directory, 'openrc')
    _write_private(openrc_path, openrc)
    return clouds_path, openrc_path


def _write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(text)
