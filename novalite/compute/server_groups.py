"""Server groups as os-server-groups reads and writes them (Nova's InstanceGroup object).

``create`` is the one way a group is made: the project's and the user's server_groups quota
checked and the insert done under the project's quota lock. The members are added by
``compute.api.API.create`` (the scheduler hint ``group``).
"""
import uuid as uuidlib

from novalite import quota
from novalite.db import server_groups as group_db


def create(context, conf, name, policy, rules):
    with quota.server_group_create_transaction(context, conf) as session:
        return group_db.server_group_create(session, {
            'uuid': str(uuidlib.uuid4()), 'name': name, 'project_id': context.project_id,
            'user_id': context.user_id, 'policy': policy, 'rules': rules})


def get(group_id):
    """The group (any project's: the caller checks its policy against it); 404."""
    return group_db.server_group_get(group_id)


def list_groups(project_id=None):
    """The groups of ``project_id``, of every project when None."""
    return group_db.server_group_get_all(project_id)


def delete(group_id):
    group_db.server_group_destroy(group_id)
