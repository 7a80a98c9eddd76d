"""Flavors as the compute API reads and changes them (Nova's nova/compute/flavors.py and its
Flavor object): one function per operation over the rows of ``db/flavors.py``, so the REST
controllers (flavors, flavor-manage, flavor-access, extra specs) never reach the database."""
from novalite.db import flavors as flavor_db


def get(flavorid, context=None):
    """The flavor by its API id; 404 when missing or (given a context) not visible to it."""
    return flavor_db.flavor_get(flavorid, context)


def list_flavors(context, **filters):
    """The enabled flavors ``context`` sees (filters: is_public, min_ram, min_disk,
    sort_key, sort_dir)."""
    return flavor_db.flavor_list(context, **filters)


def create(values):
    """A new flavor; 409 when its flavorid or its name is taken."""
    return flavor_db.flavor_create_checked(values)


def update(flavorid, values):
    return flavor_db.flavor_update(flavorid, values)


def destroy(flavorid):
    flavor_db.flavor_destroy(flavorid)


def update_extra_specs(flavorid, specs, context=None):
    """Merge ``specs`` into the flavor's extra specs; returns them all."""
    return flavor_db.flavor_extra_specs_update(flavorid, specs, context)


def delete_extra_spec(flavorid, key, context=None):
    flavor_db.flavor_extra_spec_delete(flavorid, key, context)


def projects(flavorid):
    """Project ids with access to the (private) flavor, in the order access was given."""
    return flavor_db.flavor_access_get(flavorid)


def add_project(flavorid, project_id):
    flavor_db.flavor_access_add(flavorid, project_id)


def remove_project(flavorid, project_id):
    flavor_db.flavor_access_remove(flavorid, project_id)
