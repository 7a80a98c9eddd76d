"""Initial schema: every table of identity, image, network, compute, quotas and server groups.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written by hand to match ``novalite/db/models.py``; tests/unit/db/test_migration.py compares the
migrated schema with the models on SQLite, PostgreSQL and MariaDB.

Databases created before migrations existed (``metadata.create_all``, no ``alembic_version``)
are adopted by running this revision with ``adopt_existing`` set: tables that are already
there are left alone, missing ones (from older releases) are created, and the version is
recorded as 0001.
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def _timestamps():
    return [sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=True)]


def _index(table, *columns):
    return sa.Index('ix_%s_%s' % (table, '_'.join(columns)), *columns)


class _Creator:
    def __init__(self):
        attributes = op.get_context().config.attributes if op.get_context().config else {}
        self.skip = set()
        if attributes.get('adopt_existing'):
            self.skip = set(sa.inspect(op.get_bind()).get_table_names())

    def __call__(self, name, *elements):
        if name not in self.skip:
            op.create_table(name, *elements)


def upgrade():
    create = _Creator()

    # ------------------------------------------------------------------ identity
    create(
        'projects',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('domain_id', sa.String(64), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('is_domain', sa.Boolean(), nullable=False),
        sa.Column('parent_id', sa.String(64), nullable=True),
        sa.Column('extra', sa.JSON(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('domain_id', 'name', 'is_domain', name='uniq_project_name'),
    )
    create(
        'users',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('domain_id', sa.String(64), nullable=False),
        sa.Column('password_hash', sa.String(255), nullable=True),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('default_project_id', sa.String(64), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('email', sa.String(255), nullable=True),
        sa.Column('extra', sa.JSON(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('domain_id', 'name', name='uniq_user_name'),
    )
    create(
        'roles',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('domain_id', sa.String(64), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        *_timestamps(),
        sa.UniqueConstraint('name', 'domain_id', name='uniq_role_name'),
    )
    create(
        'role_assignments',
        sa.Column('type', sa.String(16), nullable=False),
        sa.Column('actor_id', sa.String(64), nullable=False),
        sa.Column('target_id', sa.String(64), nullable=False),
        sa.Column('role_id', sa.String(64), nullable=False),
        sa.Column('inherited', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('type', 'actor_id', 'target_id', 'role_id'),
        sa.ForeignKeyConstraint(['role_id'], ['roles.id'], ondelete='CASCADE'),
    )
    create(
        'tokens',
        sa.Column('id_hash', sa.String(64), primary_key=True),
        sa.Column('user_id', sa.String(64), nullable=False),
        sa.Column('project_id', sa.String(64), nullable=True),
        sa.Column('domain_id', sa.String(64), nullable=True),
        sa.Column('system', sa.Boolean(), nullable=False),
        sa.Column('methods', sa.JSON(), nullable=False),
        sa.Column('audit_id', sa.String(32), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('revoked', sa.Boolean(), nullable=False),
        _index('tokens', 'user_id'),
        _index('tokens', 'expires_at'),
    )
    create(
        'catalog_services',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('type', sa.String(255), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('enabled', sa.Boolean(), nullable=False),
    )
    create(
        'endpoints',
        sa.Column('id', sa.String(64), primary_key=True),
        sa.Column('service_id', sa.String(64), nullable=False),
        sa.Column('interface', sa.String(8), nullable=False),
        sa.Column('region_id', sa.String(255), nullable=True),
        sa.Column('url', sa.Text(), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['service_id'], ['catalog_services.id'], ondelete='CASCADE'),
    )

    # ------------------------------------------------------------------ image
    create(
        'images',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=True),
        sa.Column('status', sa.String(30), nullable=False),
        sa.Column('visibility', sa.String(20), nullable=False),
        sa.Column('owner', sa.String(255), nullable=True),
        sa.Column('container_format', sa.String(32), nullable=True),
        sa.Column('disk_format', sa.String(32), nullable=True),
        sa.Column('size', sa.BigInteger(), nullable=True),
        sa.Column('virtual_size', sa.BigInteger(), nullable=True),
        sa.Column('checksum', sa.String(32), nullable=True),
        sa.Column('os_hash_algo', sa.String(64), nullable=True),
        sa.Column('os_hash_value', sa.String(128), nullable=True),
        sa.Column('min_disk', sa.Integer(), nullable=False),
        sa.Column('min_ram', sa.Integer(), nullable=False),
        sa.Column('protected', sa.Boolean(), nullable=False),
        sa.Column('os_hidden', sa.Boolean(), nullable=False),
        sa.Column('properties', sa.JSON(), nullable=False),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        *_timestamps(),
        _index('images', 'owner'),
    )
    create(
        'image_members',
        sa.Column('image_id', sa.String(36), nullable=False),
        sa.Column('member', sa.String(255), nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('image_id', 'member'),
        sa.ForeignKeyConstraint(['image_id'], ['images.id'], ondelete='CASCADE'),
    )

    # ------------------------------------------------------------------ network
    create(
        'networks',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('description', sa.String(255), nullable=False),
        sa.Column('admin_state_up', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('shared', sa.Boolean(), nullable=False),
        sa.Column('external', sa.Boolean(), nullable=False),
        sa.Column('mtu', sa.Integer(), nullable=False),
        sa.Column('extra', sa.JSON(), nullable=False),
        *_timestamps(),
        _index('networks', 'project_id'),
    )
    create(
        'subnets',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('network_id', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('description', sa.String(255), nullable=False),
        sa.Column('ip_version', sa.Integer(), nullable=False),
        sa.Column('cidr', sa.String(64), nullable=False),
        sa.Column('gateway_ip', sa.String(64), nullable=True),
        sa.Column('enable_dhcp', sa.Boolean(), nullable=False),
        sa.Column('allocation_pools', sa.JSON(), nullable=False),
        sa.Column('dns_nameservers', sa.JSON(), nullable=False),
        sa.Column('host_routes', sa.JSON(), nullable=False),
        sa.Column('extra', sa.JSON(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['network_id'], ['networks.id'], ondelete='CASCADE'),
        _index('subnets', 'network_id'),
    )
    create(
        'ports',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('network_id', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('description', sa.String(255), nullable=False),
        sa.Column('mac_address', sa.String(32), nullable=False),
        sa.Column('admin_state_up', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('device_id', sa.String(255), nullable=False),
        sa.Column('device_owner', sa.String(255), nullable=False),
        sa.Column('binding_host_id', sa.String(255), nullable=False),
        sa.Column('security_groups', sa.JSON(), nullable=False),
        sa.Column('extra', sa.JSON(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['network_id'], ['networks.id'], ondelete='CASCADE'),
        sa.UniqueConstraint('mac_address'),
        _index('ports', 'network_id'),
        _index('ports', 'project_id'),
        _index('ports', 'device_id'),
    )
    create(
        'ip_allocations',
        sa.Column('port_id', sa.String(36), nullable=False),
        sa.Column('ip_address', sa.String(64), nullable=False),
        sa.Column('subnet_id', sa.String(36), nullable=False),
        sa.Column('network_id', sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint('ip_address', 'subnet_id'),
        sa.ForeignKeyConstraint(['port_id'], ['ports.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['subnet_id'], ['subnets.id'], ondelete='CASCADE'),
        _index('ip_allocations', 'port_id'),
    )
    create(
        'security_groups',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('description', sa.String(255), nullable=False),
        sa.Column('stateful', sa.Boolean(), nullable=False),
        *_timestamps(),
        _index('security_groups', 'project_id'),
    )
    create(
        'security_group_rules',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('security_group_id', sa.String(36), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('direction', sa.String(8), nullable=False),
        sa.Column('ethertype', sa.String(8), nullable=False),
        sa.Column('protocol', sa.String(40), nullable=True),
        sa.Column('port_range_min', sa.Integer(), nullable=True),
        sa.Column('port_range_max', sa.Integer(), nullable=True),
        sa.Column('remote_ip_prefix', sa.String(255), nullable=True),
        sa.Column('remote_group_id', sa.String(36), nullable=True),
        sa.Column('description', sa.String(255), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['security_group_id'], ['security_groups.id'],
                                ondelete='CASCADE'),
        _index('security_group_rules', 'security_group_id'),
    )

    # ------------------------------------------------------------------ compute
    create(
        'flavors',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('flavorid', sa.String(255), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('memory_mb', sa.Integer(), nullable=False),
        sa.Column('vcpus', sa.Integer(), nullable=False),
        sa.Column('root_gb', sa.Integer(), nullable=False),
        sa.Column('ephemeral_gb', sa.Integer(), nullable=False),
        sa.Column('swap', sa.Integer(), nullable=False),
        sa.Column('rxtx_factor', sa.Float(), nullable=False),
        sa.Column('is_public', sa.Boolean(), nullable=False),
        sa.Column('disabled', sa.Boolean(), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('extra_specs', sa.JSON(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('flavorid'),
        sa.UniqueConstraint('name'),
    )
    create(
        'flavor_projects',
        sa.Column('flavor_id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint('flavor_id', 'project_id'),
        sa.ForeignKeyConstraint(['flavor_id'], ['flavors.id'], ondelete='CASCADE'),
    )
    create(
        'key_pairs',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('fingerprint', sa.String(255), nullable=False),
        sa.Column('public_key', sa.Text(), nullable=False),
        sa.Column('type', sa.String(8), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('user_id', 'name', name='uniq_key_pairs0user_id0name'),
    )
    create(
        'instances',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('display_name', sa.String(255), nullable=True),
        sa.Column('display_description', sa.Text(), nullable=True),
        sa.Column('hostname', sa.String(255), nullable=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('image_ref', sa.String(255), nullable=True),
        sa.Column('flavor_id', sa.String(255), nullable=False),
        sa.Column('flavor', sa.JSON(), nullable=False),
        sa.Column('vcpus', sa.Integer(), nullable=False),
        sa.Column('memory_mb', sa.Integer(), nullable=False),
        sa.Column('root_gb', sa.Integer(), nullable=False),
        sa.Column('ephemeral_gb', sa.Integer(), nullable=False),
        sa.Column('vm_state', sa.String(255), nullable=False),
        sa.Column('task_state', sa.String(255), nullable=True),
        sa.Column('power_state', sa.Integer(), nullable=False),
        sa.Column('host', sa.String(255), nullable=True),
        sa.Column('node', sa.String(255), nullable=True),
        sa.Column('availability_zone', sa.String(255), nullable=True),
        sa.Column('launched_at', sa.DateTime(), nullable=True),
        sa.Column('terminated_at', sa.DateTime(), nullable=True),
        sa.Column('access_ip_v4', sa.String(39), nullable=True),
        sa.Column('access_ip_v6', sa.String(39), nullable=True),
        sa.Column('key_name', sa.String(255), nullable=True),
        sa.Column('key_data', sa.Text(), nullable=True),
        sa.Column('user_data', sa.Text(), nullable=True),
        sa.Column('config_drive', sa.String(255), nullable=False),
        sa.Column('reservation_id', sa.String(255), nullable=False),
        sa.Column('launch_index', sa.Integer(), nullable=False),
        sa.Column('root_device_name', sa.String(255), nullable=True),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('locked', sa.Boolean(), nullable=False),
        sa.Column('locked_by', sa.String(16), nullable=True),
        sa.Column('locked_reason', sa.Text(), nullable=True),
        sa.Column('metadata', sa.JSON(), nullable=False),
        sa.Column('system_metadata', sa.JSON(), nullable=False),
        sa.Column('network_info', sa.JSON(), nullable=False),
        sa.Column('requested_networks', sa.JSON(), nullable=False),
        sa.Column('block_device_mapping', sa.JSON(), nullable=False),
        sa.Column('scheduler_hints', sa.JSON(), nullable=False),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('security_groups', sa.JSON(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        *_timestamps(),
        sa.UniqueConstraint('uuid'),
        _index('instances', 'project_id'),
        _index('instances', 'host'),
        _index('instances', 'deleted'),
        sa.Index('instances_project_created', 'project_id', 'created_at'),
    )
    create(
        'instance_faults',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('code', sa.Integer(), nullable=False),
        sa.Column('message', sa.String(255), nullable=False),
        sa.Column('details', sa.Text(), nullable=True),
        sa.Column('host', sa.String(255), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        _index('instance_faults', 'instance_uuid'),
    )
    create(
        'instance_actions',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('action', sa.String(255), nullable=False),
        sa.Column('request_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=True),
        sa.Column('project_id', sa.String(255), nullable=True),
        sa.Column('start_time', sa.DateTime(), nullable=False),
        sa.Column('finish_time', sa.DateTime(), nullable=True),
        sa.Column('message', sa.String(255), nullable=True),
        *_timestamps(),
        _index('instance_actions', 'instance_uuid'),
    )
    create(
        'instance_actions_events',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('action_id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(255), nullable=False),
        sa.Column('start_time', sa.DateTime(), nullable=False),
        sa.Column('finish_time', sa.DateTime(), nullable=True),
        sa.Column('result', sa.String(255), nullable=True),
        sa.Column('traceback', sa.Text(), nullable=True),
        sa.Column('host', sa.String(255), nullable=True),
        sa.ForeignKeyConstraint(['action_id'], ['instance_actions.id'], ondelete='CASCADE'),
        _index('instance_actions_events', 'action_id'),
    )
    create(
        'services',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('host', sa.String(255), nullable=False),
        sa.Column('binary', sa.String(255), nullable=False),
        sa.Column('topic', sa.String(255), nullable=True),
        sa.Column('report_count', sa.Integer(), nullable=False),
        sa.Column('disabled', sa.Boolean(), nullable=False),
        sa.Column('disabled_reason', sa.String(255), nullable=True),
        sa.Column('forced_down', sa.Boolean(), nullable=False),
        sa.Column('last_seen_up', sa.DateTime(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('uuid'),
        sa.UniqueConstraint('host', 'binary', name='uniq_services0host0binary'),
    )
    create(
        'compute_nodes',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('host', sa.String(255), nullable=False),
        sa.Column('hypervisor_hostname', sa.String(255), nullable=False),
        sa.Column('hypervisor_type', sa.String(255), nullable=False),
        sa.Column('hypervisor_version', sa.Integer(), nullable=False),
        sa.Column('host_ip', sa.String(39), nullable=True),
        sa.Column('vcpus', sa.Integer(), nullable=False),
        sa.Column('memory_mb', sa.Integer(), nullable=False),
        sa.Column('local_gb', sa.Integer(), nullable=False),
        sa.Column('vcpus_used', sa.Integer(), nullable=False),
        sa.Column('memory_mb_used', sa.Integer(), nullable=False),
        sa.Column('local_gb_used', sa.Integer(), nullable=False),
        sa.Column('running_vms', sa.Integer(), nullable=False),
        sa.Column('cpu_allocation_ratio', sa.Float(), nullable=False),
        sa.Column('ram_allocation_ratio', sa.Float(), nullable=False),
        sa.Column('disk_allocation_ratio', sa.Float(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('uuid'),
        sa.UniqueConstraint('host', 'hypervisor_hostname',
                            name='uniq_compute_nodes0host0hypervisor_hostname'),
        _index('compute_nodes', 'host'),
    )
    create(
        'allocations',
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('compute_node_id', sa.Integer(), nullable=False),
        sa.Column('vcpus', sa.Integer(), nullable=False),
        sa.Column('memory_mb', sa.Integer(), nullable=False),
        sa.Column('disk_gb', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('instance_uuid', 'compute_node_id'),
        sa.ForeignKeyConstraint(['compute_node_id'], ['compute_nodes.id'], ondelete='CASCADE'),
    )

    # ------------------------------------------------------------------ quotas
    create(
        'quotas',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('project_id', 'user_id', 'resource',
                            name='uniq_quotas0project_id0user_id0resource'),
        _index('quotas', 'project_id'),
    )
    create(
        'quota_classes',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('class_name', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('class_name', 'resource',
                            name='uniq_quota_classes0class_name0resource'),
    )
    create(
        'quota_usage_locks',
        sa.Column('project_id', sa.String(255), primary_key=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
    )

    # ------------------------------------------------------------------ server groups
    create(
        'server_groups',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('policy', sa.String(255), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('uuid'),
        _index('server_groups', 'project_id'),
    )
    create(
        'server_group_members',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['group_id'], ['server_groups.id'], ondelete='CASCADE'),
        sa.UniqueConstraint('group_id', 'instance_uuid',
                            name='uniq_server_group_members0group_id0uuid'),
        _index('server_group_members', 'group_id'),
        _index('server_group_members', 'instance_uuid'),
    )


_TABLES = (
    'server_group_members', 'server_groups', 'quota_usage_locks', 'quota_classes', 'quotas',
    'allocations', 'compute_nodes', 'services', 'instance_actions_events', 'instance_actions',
    'instance_faults', 'instances', 'key_pairs', 'flavor_projects', 'flavors',
    'security_group_rules', 'security_groups', 'ip_allocations', 'ports', 'subnets',
    'networks', 'image_members', 'images', 'endpoints', 'catalog_services', 'tokens',
    'role_assignments', 'roles', 'users', 'projects',
)


def downgrade():
    for name in _TABLES:
        op.drop_table(name)
