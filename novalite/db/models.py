"""All tables of all services in the box (compute, identity, image, network, volume).

Timestamps are naive UTC datetimes. JSON columns hold small documents that are always read
and written whole (flavor snapshot, metadata, network info).
"""
import datetime

import sqlalchemy as sa
from sqlalchemy import orm


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class Base(orm.DeclarativeBase):
    pass


def _ts():
    return sa.Column(sa.DateTime, nullable=False, default=utcnow)


class Timestamps:
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(sa.DateTime, nullable=True, onupdate=utcnow)


# --------------------------------------------------------------------------- identity

class Project(Base, Timestamps):
    __tablename__ = 'projects'
    id = sa.Column(sa.String(64), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    domain_id = sa.Column(sa.String(64), nullable=False)
    description = sa.Column(sa.Text, nullable=False, default='')
    enabled = sa.Column(sa.Boolean, nullable=False, default=True)
    is_domain = sa.Column(sa.Boolean, nullable=False, default=False)
    parent_id = sa.Column(sa.String(64), nullable=True)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)
    __table_args__ = (sa.UniqueConstraint('domain_id', 'name', 'is_domain',
                                          name='uniq_project_name'),)


class User(Base, Timestamps):
    __tablename__ = 'users'
    id = sa.Column(sa.String(64), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    domain_id = sa.Column(sa.String(64), nullable=False)
    password_hash = sa.Column(sa.String(255), nullable=True)
    enabled = sa.Column(sa.Boolean, nullable=False, default=True)
    default_project_id = sa.Column(sa.String(64), nullable=True)
    description = sa.Column(sa.Text, nullable=True)
    email = sa.Column(sa.String(255), nullable=True)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)
    __table_args__ = (sa.UniqueConstraint('domain_id', 'name', name='uniq_user_name'),)


class Role(Base, Timestamps):
    __tablename__ = 'roles'
    id = sa.Column(sa.String(64), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    domain_id = sa.Column(sa.String(64), nullable=True)
    description = sa.Column(sa.Text, nullable=True)
    __table_args__ = (sa.UniqueConstraint('name', 'domain_id', name='uniq_role_name'),)


class RoleAssignment(Base):
    """type: User|Group + Project|Domain|System (actor_id = user or group, target_id =
    project, domain or 'system')."""
    __tablename__ = 'role_assignments'
    type = sa.Column(sa.String(16), primary_key=True)
    actor_id = sa.Column(sa.String(64), primary_key=True)
    target_id = sa.Column(sa.String(64), primary_key=True)
    role_id = sa.Column(sa.String(64), sa.ForeignKey('roles.id', ondelete='CASCADE'),
                        primary_key=True)
    inherited = sa.Column(sa.Boolean, nullable=False, default=False)


class Token(Base):
    """Tokens are stored as the SHA-256 of the secret handed to the client."""
    __tablename__ = 'tokens'
    id_hash = sa.Column(sa.String(64), primary_key=True)
    user_id = sa.Column(sa.String(64), nullable=False, index=True)
    project_id = sa.Column(sa.String(64), nullable=True)
    domain_id = sa.Column(sa.String(64), nullable=True)
    system = sa.Column(sa.Boolean, nullable=False, default=False)
    methods = sa.Column(sa.JSON, nullable=False, default=list)
    audit_id = sa.Column(sa.String(32), nullable=False)
    issued_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    expires_at = sa.Column(sa.DateTime, nullable=False, index=True)
    revoked = sa.Column(sa.Boolean, nullable=False, default=False)
    # delegation: the application credential or the trust the token was issued through
    app_cred_id = sa.Column(sa.String(64), nullable=True, index=True)
    trust_id = sa.Column(sa.String(64), nullable=True, index=True)


class Group(Base, Timestamps):
    __tablename__ = 'groups'
    id = sa.Column(sa.String(64), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    domain_id = sa.Column(sa.String(64), nullable=False)
    description = sa.Column(sa.Text, nullable=True)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)
    __table_args__ = (sa.UniqueConstraint('domain_id', 'name', name='uniq_group_name'),)


class UserGroupMembership(Base):
    __tablename__ = 'user_group_memberships'
    user_id = sa.Column(sa.String(64), primary_key=True)
    group_id = sa.Column(sa.String(64), sa.ForeignKey('groups.id', ondelete='CASCADE'),
                         primary_key=True)
    __table_args__ = (sa.Index('ix_user_group_memberships_group_id', 'group_id'),)


class Region(Base):
    __tablename__ = 'regions'
    id = sa.Column(sa.String(255), primary_key=True)
    description = sa.Column(sa.Text, nullable=False, default='')
    parent_region_id = sa.Column(sa.String(255), nullable=True)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)


class CatalogService(Base):
    """seeded: made by novalite's own seed (refreshed at start), not through the API."""
    __tablename__ = 'catalog_services'
    id = sa.Column(sa.String(64), primary_key=True)
    type = sa.Column(sa.String(255), nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.Text, nullable=True)
    enabled = sa.Column(sa.Boolean, nullable=False, default=True)
    extra = sa.Column(sa.JSON, nullable=True)
    seeded = sa.Column(sa.Boolean, nullable=False, default=False, server_default=sa.false())


class Endpoint(Base):
    __tablename__ = 'endpoints'
    id = sa.Column(sa.String(64), primary_key=True)
    service_id = sa.Column(sa.String(64),
                           sa.ForeignKey('catalog_services.id', ondelete='CASCADE'),
                           nullable=False)
    interface = sa.Column(sa.String(8), nullable=False)
    region_id = sa.Column(sa.String(255), nullable=True)
    url = sa.Column(sa.Text, nullable=False)
    enabled = sa.Column(sa.Boolean, nullable=False, default=True)
    extra = sa.Column(sa.JSON, nullable=True)
    seeded = sa.Column(sa.Boolean, nullable=False, default=False, server_default=sa.false())



class ApplicationCredential(Base):
    """Keystone's application credentials: the secret is stored as a PBKDF2 hash, roles as
    [{'id', 'name'}] (the roles the token carries, implied ones included)."""
    __tablename__ = 'application_credentials'
    id = sa.Column(sa.String(64), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.Text, nullable=True)
    secret_hash = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(64), nullable=False, index=True)
    project_id = sa.Column(sa.String(64), nullable=True)
    roles = sa.Column(sa.JSON, nullable=False, default=list)
    unrestricted = sa.Column(sa.Boolean, nullable=False, default=False)
    expires_at = sa.Column(sa.DateTime, nullable=True)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    __table_args__ = (sa.UniqueConstraint('user_id', 'name', name='uniq_app_cred_name'),)


class AccessRule(Base):
    """An access rule of a user's application credentials (service type, path, method)."""
    __tablename__ = 'access_rules'
    id = sa.Column(sa.String(64), primary_key=True)
    user_id = sa.Column(sa.String(64), nullable=False, index=True)
    service = sa.Column(sa.String(64), nullable=False)
    path = sa.Column(sa.String(128), nullable=False)
    method = sa.Column(sa.String(16), nullable=False)
    __table_args__ = (sa.UniqueConstraint('user_id', 'service', 'path', 'method',
                                          name='uniq_access_rule'),)


class ApplicationCredentialAccessRule(Base):
    __tablename__ = 'application_credential_access_rules'
    application_credential_id = sa.Column(
        sa.String(64), sa.ForeignKey('application_credentials.id', ondelete='CASCADE'),
        primary_key=True)
    access_rule_id = sa.Column(sa.String(64),
                               sa.ForeignKey('access_rules.id', ondelete='CASCADE'),
                               primary_key=True)


class Trust(Base):
    """OS-TRUST trusts; roles as [{'id', 'name'}]. Deleted trusts keep their row (deleted_at)."""
    __tablename__ = 'trusts'
    id = sa.Column(sa.String(64), primary_key=True)
    trustor_user_id = sa.Column(sa.String(64), nullable=False, index=True)
    trustee_user_id = sa.Column(sa.String(64), nullable=False, index=True)
    project_id = sa.Column(sa.String(64), nullable=True)
    impersonation = sa.Column(sa.Boolean, nullable=False, default=False)
    expires_at = sa.Column(sa.DateTime, nullable=True)
    remaining_uses = sa.Column(sa.Integer, nullable=True)
    allow_redelegation = sa.Column(sa.Boolean, nullable=False, default=False)
    redelegation_count = sa.Column(sa.Integer, nullable=True)
    roles = sa.Column(sa.JSON, nullable=False, default=list)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    deleted_at = sa.Column(sa.DateTime, nullable=True)


class Credential(Base):
    """/v3/credentials (ec2, cert, totp, ...); the blob is the client's string, as given."""
    __tablename__ = 'credentials'
    id = sa.Column(sa.String(64), primary_key=True)
    user_id = sa.Column(sa.String(64), nullable=False, index=True)
    project_id = sa.Column(sa.String(64), nullable=True)
    type = sa.Column(sa.String(255), nullable=False)
    blob = sa.Column(sa.Text, nullable=False)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)


class IdentityPolicy(Base):
    """/v3/policies: opaque policy blobs with a MIME type."""
    __tablename__ = 'identity_policies'
    id = sa.Column(sa.String(64), primary_key=True)
    type = sa.Column(sa.String(255), nullable=False)
    blob = sa.Column(sa.Text, nullable=False)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)

# --------------------------------------------------------------------------- image

class Image(Base, Timestamps):
    __tablename__ = 'images'
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=True)
    status = sa.Column(sa.String(30), nullable=False, default='queued')
    visibility = sa.Column(sa.String(20), nullable=False, default='shared')
    owner = sa.Column(sa.String(255), nullable=True, index=True)
    container_format = sa.Column(sa.String(32), nullable=True)
    disk_format = sa.Column(sa.String(32), nullable=True)
    size = sa.Column(sa.BigInteger, nullable=True)
    virtual_size = sa.Column(sa.BigInteger, nullable=True)
    checksum = sa.Column(sa.String(32), nullable=True)
    os_hash_algo = sa.Column(sa.String(64), nullable=True)
    os_hash_value = sa.Column(sa.String(128), nullable=True)
    min_disk = sa.Column(sa.Integer, nullable=False, default=0)
    min_ram = sa.Column(sa.Integer, nullable=False, default=0)
    protected = sa.Column(sa.Boolean, nullable=False, default=False)
    os_hidden = sa.Column(sa.Boolean, nullable=False, default=False)
    properties = sa.Column(sa.JSON, nullable=False, default=dict)
    tags = sa.Column(sa.JSON, nullable=False, default=list)
    deleted = sa.Column(sa.Boolean, nullable=False, default=False)


class ImageMember(Base, Timestamps):
    __tablename__ = 'image_members'
    image_id = sa.Column(sa.String(36), sa.ForeignKey('images.id', ondelete='CASCADE'),
                         primary_key=True)
    member = sa.Column(sa.String(255), primary_key=True)
    status = sa.Column(sa.String(20), nullable=False, default='pending')


# --------------------------------------------------------------------------- network

class Network(Base, Timestamps):
    __tablename__ = 'networks'
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255), nullable=True, index=True)
    description = sa.Column(sa.String(255), nullable=False, default='')
    admin_state_up = sa.Column(sa.Boolean, nullable=False, default=True)
    status = sa.Column(sa.String(16), nullable=False, default='ACTIVE')
    shared = sa.Column(sa.Boolean, nullable=False, default=False)
    external = sa.Column(sa.Boolean, nullable=False, default=False)
    mtu = sa.Column(sa.Integer, nullable=False, default=1500)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)


class Subnet(Base, Timestamps):
    __tablename__ = 'subnets'
    id = sa.Column(sa.String(36), primary_key=True)
    network_id = sa.Column(sa.String(36), sa.ForeignKey('networks.id', ondelete='CASCADE'),
                           nullable=False, index=True)
    name = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255), nullable=True)
    description = sa.Column(sa.String(255), nullable=False, default='')
    ip_version = sa.Column(sa.Integer, nullable=False, default=4)
    cidr = sa.Column(sa.String(64), nullable=False)
    gateway_ip = sa.Column(sa.String(64), nullable=True)
    enable_dhcp = sa.Column(sa.Boolean, nullable=False, default=True)
    allocation_pools = sa.Column(sa.JSON, nullable=False, default=list)
    dns_nameservers = sa.Column(sa.JSON, nullable=False, default=list)
    host_routes = sa.Column(sa.JSON, nullable=False, default=list)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)
    subnetpool_id = sa.Column(sa.String(36), nullable=True, index=True)


class Port(Base, Timestamps):
    __tablename__ = 'ports'
    id = sa.Column(sa.String(36), primary_key=True)
    network_id = sa.Column(sa.String(36), sa.ForeignKey('networks.id', ondelete='CASCADE'),
                           nullable=False, index=True)
    name = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255), nullable=True, index=True)
    description = sa.Column(sa.String(255), nullable=False, default='')
    mac_address = sa.Column(sa.String(32), nullable=False, unique=True)
    admin_state_up = sa.Column(sa.Boolean, nullable=False, default=True)
    status = sa.Column(sa.String(16), nullable=False, default='DOWN')
    device_id = sa.Column(sa.String(255), nullable=False, default='', index=True)
    device_owner = sa.Column(sa.String(255), nullable=False, default='')
    binding_host_id = sa.Column(sa.String(255), nullable=False, default='')
    security_groups = sa.Column(sa.JSON, nullable=False, default=list)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)


class IPAllocation(Base):
    """One fixed IP of a port; the unique key makes allocation atomic."""
    __tablename__ = 'ip_allocations'
    port_id = sa.Column(sa.String(36), sa.ForeignKey('ports.id', ondelete='CASCADE'),
                        nullable=False, index=True)
    ip_address = sa.Column(sa.String(64), primary_key=True)
    subnet_id = sa.Column(sa.String(36), sa.ForeignKey('subnets.id', ondelete='CASCADE'),
                          primary_key=True)
    network_id = sa.Column(sa.String(36), nullable=False)


class SecurityGroup(Base, Timestamps):
    __tablename__ = 'security_groups'
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    project_id = sa.Column(sa.String(255), nullable=True, index=True)
    description = sa.Column(sa.String(255), nullable=False, default='')
    stateful = sa.Column(sa.Boolean, nullable=False, default=True)
    revision_number = sa.Column(sa.Integer, nullable=False, default=0, server_default='0')


class SecurityGroupRule(Base, Timestamps):
    __tablename__ = 'security_group_rules'
    id = sa.Column(sa.String(36), primary_key=True)
    security_group_id = sa.Column(sa.String(36),
                                  sa.ForeignKey('security_groups.id', ondelete='CASCADE'),
                                  nullable=False, index=True)
    project_id = sa.Column(sa.String(255), nullable=True)
    direction = sa.Column(sa.String(8), nullable=False)
    ethertype = sa.Column(sa.String(8), nullable=False, default='IPv4')
    protocol = sa.Column(sa.String(40), nullable=True)
    port_range_min = sa.Column(sa.Integer, nullable=True)
    port_range_max = sa.Column(sa.Integer, nullable=True)
    remote_ip_prefix = sa.Column(sa.String(255), nullable=True)
    remote_group_id = sa.Column(sa.String(36), nullable=True)
    description = sa.Column(sa.String(255), nullable=False, default='')


class Router(Base, Timestamps):
    """A Neutron router; its interfaces and gateway are ports whose device_id is its id."""
    __tablename__ = 'routers'
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255), nullable=True, index=True)
    description = sa.Column(sa.String(255), nullable=False, default='')
    admin_state_up = sa.Column(sa.Boolean, nullable=False, default=True)
    status = sa.Column(sa.String(16), nullable=False, default='ACTIVE')
    gw_network_id = sa.Column(sa.String(36), nullable=True)
    extra = sa.Column(sa.JSON, nullable=False, default=dict)


class FloatingIP(Base, Timestamps):
    """A Neutron floating IP: an address of an external network, held by a port of its own
    (device_owner ``network:floatingip``), associated with one fixed IP of an internal port.
    The unique key lets a fixed IP have one floating IP per external network."""
    __tablename__ = 'floatingips'
    id = sa.Column(sa.String(36), primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=True, index=True)
    description = sa.Column(sa.String(255), nullable=False, default='')
    floating_ip_address = sa.Column(sa.String(64), nullable=False)
    floating_network_id = sa.Column(sa.String(36), sa.ForeignKey('networks.id'),
                                    nullable=False)
    floating_port_id = sa.Column(sa.String(36), sa.ForeignKey('ports.id', ondelete='CASCADE'),
                                 nullable=False, unique=True)
    fixed_port_id = sa.Column(sa.String(36), nullable=True, index=True)
    fixed_ip_address = sa.Column(sa.String(64), nullable=True)
    router_id = sa.Column(sa.String(36), nullable=True, index=True)
    status = sa.Column(sa.String(16), nullable=False, default='DOWN')
    extra = sa.Column(sa.JSON, nullable=False, default=dict)
    __table_args__ = (sa.UniqueConstraint(
        'floating_network_id', 'fixed_port_id', 'fixed_ip_address',
        name='uniq_floatingips0floatingnetworkid0fixedportid0fixedipaddress'),)


class NetworkQuota(Base):
    """A network quota limit set for a project (Neutron's ``quotas`` table)."""
    __tablename__ = 'network_quotas'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    project_id = sa.Column(sa.String(255), nullable=False, index=True)
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)
    __table_args__ = (sa.UniqueConstraint('project_id', 'resource',
                                          name='uniq_network_quotas0project_id0resource'),)
class NetworkTag(Base):
    """A Neutron tag (standard-attr-tag) of any tagged resource, by type and id."""
    __tablename__ = 'network_tags'
    resource_type = sa.Column(sa.String(32), primary_key=True)
    resource_id = sa.Column(sa.String(36), primary_key=True)
    tag = sa.Column(sa.String(255), primary_key=True)


class AddressScope(Base, Timestamps):
    __tablename__ = 'address_scopes'
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255), nullable=True, index=True)
    shared = sa.Column(sa.Boolean, nullable=False, default=False)
    ip_version = sa.Column(sa.Integer, nullable=False)


class SubnetPool(Base, Timestamps):
    """A Neutron subnet pool; ``prefixes`` is its compacted list of CIDRs."""
    __tablename__ = 'subnetpools'
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False, default='')
    project_id = sa.Column(sa.String(255), nullable=True, index=True)
    description = sa.Column(sa.String(255), nullable=False, default='')
    ip_version = sa.Column(sa.Integer, nullable=False)
    default_prefixlen = sa.Column(sa.Integer, nullable=False)
    min_prefixlen = sa.Column(sa.Integer, nullable=False)
    max_prefixlen = sa.Column(sa.Integer, nullable=False)
    shared = sa.Column(sa.Boolean, nullable=False, default=False)
    is_default = sa.Column(sa.Boolean, nullable=False, default=False)
    default_quota = sa.Column(sa.Integer, nullable=True)
    address_scope_id = sa.Column(sa.String(36), nullable=True)
    prefixes = sa.Column(sa.JSON, nullable=False, default=list)
    revision_number = sa.Column(sa.Integer, nullable=False, default=0)


class AutoAllocatedTopology(Base):
    """A project's get-me-a-network topology: one network and its router."""
    __tablename__ = 'auto_allocated_topologies'
    project_id = sa.Column(sa.String(255), primary_key=True)
    network_id = sa.Column(sa.String(36), nullable=False)
    router_id = sa.Column(sa.String(36), nullable=True)


# --------------------------------------------------------------------------- compute

class Flavor(Base, Timestamps):
    __tablename__ = 'flavors'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    flavorid = sa.Column(sa.String(255), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False, unique=True)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    vcpus = sa.Column(sa.Integer, nullable=False)
    root_gb = sa.Column(sa.Integer, nullable=False, default=0)
    ephemeral_gb = sa.Column(sa.Integer, nullable=False, default=0)
    swap = sa.Column(sa.Integer, nullable=False, default=0)
    rxtx_factor = sa.Column(sa.Float, nullable=False, default=1.0)
    is_public = sa.Column(sa.Boolean, nullable=False, default=True)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    description = sa.Column(sa.Text, nullable=True)
    extra_specs = sa.Column(sa.JSON, nullable=False, default=dict)


class FlavorProject(Base):
    __tablename__ = 'flavor_projects'
    flavor_id = sa.Column(sa.Integer, sa.ForeignKey('flavors.id', ondelete='CASCADE'),
                          primary_key=True)
    project_id = sa.Column(sa.String(255), primary_key=True)


class KeyPair(Base, Timestamps):
    __tablename__ = 'key_pairs'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    name = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=False)
    fingerprint = sa.Column(sa.String(255), nullable=False)
    public_key = sa.Column(sa.Text, nullable=False)
    type = sa.Column(sa.String(8), nullable=False, default='ssh')
    __table_args__ = (sa.UniqueConstraint('user_id', 'name', name='uniq_key_pairs0user_id0name'),)


class Instance(Base, Timestamps):
    __tablename__ = 'instances'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    display_name = sa.Column(sa.String(255), nullable=True)
    display_description = sa.Column(sa.Text, nullable=True)
    hostname = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=False, index=True)
    user_id = sa.Column(sa.String(255), nullable=False)
    image_ref = sa.Column(sa.String(255), nullable=True)
    flavor_id = sa.Column(sa.String(255), nullable=False)
    flavor = sa.Column(sa.JSON, nullable=False)
    vcpus = sa.Column(sa.Integer, nullable=False)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    root_gb = sa.Column(sa.Integer, nullable=False)
    ephemeral_gb = sa.Column(sa.Integer, nullable=False, default=0)
    vm_state = sa.Column(sa.String(255), nullable=False)
    task_state = sa.Column(sa.String(255), nullable=True)
    power_state = sa.Column(sa.Integer, nullable=False, default=0)
    host = sa.Column(sa.String(255), nullable=True, index=True)
    node = sa.Column(sa.String(255), nullable=True)
    availability_zone = sa.Column(sa.String(255), nullable=True)
    launched_at = sa.Column(sa.DateTime, nullable=True)
    terminated_at = sa.Column(sa.DateTime, nullable=True)
    access_ip_v4 = sa.Column(sa.String(39), nullable=True)
    access_ip_v6 = sa.Column(sa.String(39), nullable=True)
    key_name = sa.Column(sa.String(255), nullable=True)
    key_data = sa.Column(sa.Text, nullable=True)
    user_data = sa.Column(sa.Text, nullable=True)
    config_drive = sa.Column(sa.String(255), nullable=False, default='')
    auto_disk_config = sa.Column(sa.Boolean, nullable=True)  # OS-DCF:diskConfig AUTO
    reservation_id = sa.Column(sa.String(255), nullable=False)
    launch_index = sa.Column(sa.Integer, nullable=False, default=0)
    root_device_name = sa.Column(sa.String(255), nullable=True)
    progress = sa.Column(sa.Integer, nullable=False, default=0)
    locked = sa.Column(sa.Boolean, nullable=False, default=False)
    locked_by = sa.Column(sa.String(16), nullable=True)
    locked_reason = sa.Column(sa.Text, nullable=True)
    instance_metadata = sa.Column('metadata', sa.JSON, nullable=False, default=dict)
    system_metadata = sa.Column(sa.JSON, nullable=False, default=dict)
    network_info = sa.Column(sa.JSON, nullable=False, default=list)
    requested_networks = sa.Column(sa.JSON, nullable=False, default=list)
    block_device_mapping = sa.Column(sa.JSON, nullable=False, default=list)
    scheduler_hints = sa.Column(sa.JSON, nullable=False, default=dict)
    tags = sa.Column(sa.JSON, nullable=False, default=list)
    security_groups = sa.Column(sa.JSON, nullable=False, default=list)
    deleted = sa.Column(sa.Boolean, nullable=False, default=False, index=True)
    deleted_at = sa.Column(sa.DateTime, nullable=True)
    __table_args__ = (sa.Index('instances_project_created', 'project_id', 'created_at'),)


class InstanceFault(Base):
    __tablename__ = 'instance_faults'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False, index=True)
    code = sa.Column(sa.Integer, nullable=False)
    message = sa.Column(sa.String(255), nullable=False)
    details = sa.Column(sa.Text, nullable=True)
    host = sa.Column(sa.String(255), nullable=True)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class InstanceAction(Base, Timestamps):
    __tablename__ = 'instance_actions'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False, index=True)
    action = sa.Column(sa.String(255), nullable=False)
    request_id = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=True)
    start_time = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    finish_time = sa.Column(sa.DateTime, nullable=True)
    message = sa.Column(sa.String(255), nullable=True)


class InstanceActionEvent(Base):
    __tablename__ = 'instance_actions_events'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    action_id = sa.Column(sa.Integer,
                          sa.ForeignKey('instance_actions.id', ondelete='CASCADE'),
                          nullable=False, index=True)
    event = sa.Column(sa.String(255), nullable=False)
    start_time = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    finish_time = sa.Column(sa.DateTime, nullable=True)
    result = sa.Column(sa.String(255), nullable=True)
    traceback = sa.Column(sa.Text, nullable=True)
    host = sa.Column(sa.String(255), nullable=True)


class Service(Base, Timestamps):
    __tablename__ = 'services'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    host = sa.Column(sa.String(255), nullable=False)
    binary = sa.Column(sa.String(255), nullable=False)
    topic = sa.Column(sa.String(255), nullable=True)
    report_count = sa.Column(sa.Integer, nullable=False, default=0)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    disabled_reason = sa.Column(sa.String(255), nullable=True)
    forced_down = sa.Column(sa.Boolean, nullable=False, default=False)
    last_seen_up = sa.Column(sa.DateTime, nullable=True)
    version = sa.Column(sa.Integer, nullable=False, default=0)
    __table_args__ = (sa.UniqueConstraint('host', 'binary', name='uniq_services0host0binary'),)


class ComputeNode(Base, Timestamps):
    """A hypervisor's capacity and what claims have taken of it."""
    __tablename__ = 'compute_nodes'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    host = sa.Column(sa.String(255), nullable=False, index=True)
    hypervisor_hostname = sa.Column(sa.String(255), nullable=False)
    hypervisor_type = sa.Column(sa.String(255), nullable=False, default='fake')
    hypervisor_version = sa.Column(sa.Integer, nullable=False, default=1000)
    host_ip = sa.Column(sa.String(39), nullable=True)
    vcpus = sa.Column(sa.Integer, nullable=False)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    local_gb = sa.Column(sa.Integer, nullable=False)
    vcpus_used = sa.Column(sa.Integer, nullable=False, default=0)
    memory_mb_used = sa.Column(sa.Integer, nullable=False, default=0)
    local_gb_used = sa.Column(sa.Integer, nullable=False, default=0)
    running_vms = sa.Column(sa.Integer, nullable=False, default=0)
    cpu_allocation_ratio = sa.Column(sa.Float, nullable=False, default=16.0)
    ram_allocation_ratio = sa.Column(sa.Float, nullable=False, default=1.5)
    disk_allocation_ratio = sa.Column(sa.Float, nullable=False, default=1.0)
    deleted = sa.Column(sa.Boolean, nullable=False, default=False)
    __table_args__ = (sa.UniqueConstraint('host', 'hypervisor_hostname',
                                          name='uniq_compute_nodes0host0hypervisor_hostname'),)


class Allocation(Base):
    """What an instance holds on a compute node (Placement's allocations, in one row)."""
    __tablename__ = 'allocations'
    instance_uuid = sa.Column(sa.String(36), primary_key=True)
    compute_node_id = sa.Column(sa.Integer,
                                sa.ForeignKey('compute_nodes.id', ondelete='CASCADE'),
                                primary_key=True)
    vcpus = sa.Column(sa.Integer, nullable=False)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    disk_gb = sa.Column(sa.Integer, nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class Migration(Base, Timestamps):
    """A server move (Nova's migrations): resize, cold migration or evacuation.

    status: pre-migrating, migrating, post-migrating, finished, confirming, confirmed,
    reverting, reverted, error (resize/migration); accepted, pre-migrating, done, completed,
    failed (evacuation). During a resize the source's allocation is held by the migration's
    uuid (Nova's migration-based allocations), the destination's by the instance.
    """
    __tablename__ = 'migrations'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False, index=True)
    source_compute = sa.Column(sa.String(255), nullable=True)
    dest_compute = sa.Column(sa.String(255), nullable=True)
    source_node = sa.Column(sa.String(255), nullable=True)
    dest_node = sa.Column(sa.String(255), nullable=True)
    dest_host = sa.Column(sa.String(255), nullable=True)
    old_instance_type_id = sa.Column(sa.Integer, nullable=True)
    new_instance_type_id = sa.Column(sa.Integer, nullable=True)
    status = sa.Column(sa.String(255), nullable=False)
    migration_type = sa.Column(sa.String(255), nullable=False)
    hidden = sa.Column(sa.Boolean, nullable=False, default=False)
    old_flavor = sa.Column(sa.JSON, nullable=True)    # flavor snapshots (Nova's
    new_flavor = sa.Column(sa.JSON, nullable=True)    # instance.old_flavor/new_flavor)
    user_id = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=True)


# --------------------------------------------------------------------------- aggregates

class Aggregate(Base, Timestamps):
    """A host aggregate; its ``availability_zone`` metadata makes its hosts an AZ."""
    __tablename__ = 'aggregates'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False, unique=True)


class AggregateHost(Base):
    """A compute host (service host name) in an aggregate; rows go with their aggregate."""
    __tablename__ = 'aggregate_hosts'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    aggregate_id = sa.Column(sa.Integer, sa.ForeignKey('aggregates.id', ondelete='CASCADE'),
                             nullable=False, index=True)
    host = sa.Column(sa.String(255), nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    __table_args__ = (sa.UniqueConstraint('host', 'aggregate_id',
                                          name='uniq_aggregate_hosts0host0aggregate_id'),)


class AggregateMetadata(Base):
    """One metadata key of an aggregate (``availability_zone`` included)."""
    __tablename__ = 'aggregate_metadata'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    aggregate_id = sa.Column(sa.Integer, sa.ForeignKey('aggregates.id', ondelete='CASCADE'),
                             nullable=False, index=True)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255), nullable=False)
    __table_args__ = (sa.UniqueConstraint('aggregate_id', 'key',
                                          name='uniq_aggregate_metadata0aggregate_id0key'),)


# --------------------------------------------------------------------------- quotas

class Quota(Base, Timestamps):
    """A quota limit set for a project (user_id '') or for one user in a project."""
    __tablename__ = 'quotas'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    project_id = sa.Column(sa.String(255), nullable=False, index=True)
    user_id = sa.Column(sa.String(255), nullable=False, default='')
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)
    __table_args__ = (sa.UniqueConstraint('project_id', 'user_id', 'resource',
                                          name='uniq_quotas0project_id0user_id0resource'),)


class QuotaClass(Base, Timestamps):
    """A quota class limit; the 'default' class overrides the built-in defaults."""
    __tablename__ = 'quota_classes'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    class_name = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)
    __table_args__ = (sa.UniqueConstraint('class_name', 'resource',
                                          name='uniq_quota_classes0class_name0resource'),)


class QuotaUsageLock(Base):
    """One row per project: creates that count usage lock it first (SELECT ... FOR UPDATE),
    so the count and the inserts of concurrent creates in a project are serialised."""
    __tablename__ = 'quota_usage_locks'
    project_id = sa.Column(sa.String(255), primary_key=True)
    updated_at = sa.Column(sa.DateTime, nullable=True)


# --------------------------------------------------------------------------- server groups

class ServerGroup(Base, Timestamps):
    """A server group (Nova's instance group): one policy its members are scheduled by."""
    __tablename__ = 'server_groups'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(255), nullable=False, index=True)
    user_id = sa.Column(sa.String(255), nullable=False)
    policy = sa.Column(sa.String(255), nullable=False)
    rules = sa.Column(sa.JSON, nullable=True)   # 2.64: {'max_server_per_host': n}


class ServerGroupMember(Base):
    """An instance in a server group; rows go with their group."""
    __tablename__ = 'server_group_members'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    group_id = sa.Column(sa.Integer, sa.ForeignKey('server_groups.id', ondelete='CASCADE'),
                         nullable=False, index=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False, index=True)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    __table_args__ = (sa.UniqueConstraint('group_id', 'instance_uuid',
                                          name='uniq_server_group_members0group_id0uuid'),)


# --------------------------------------------------------------------------- block storage

class Volume(Base, Timestamps):
    """A block-storage volume (Cinder's ``volumes``); its data is a file of the backend."""
    __tablename__ = 'volumes'
    id = sa.Column(sa.String(36), primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False, index=True)
    user_id = sa.Column(sa.String(255), nullable=False)
    host = sa.Column(sa.String(255), nullable=True)          # host@backend#pool
    availability_zone = sa.Column(sa.String(255), nullable=False)
    status = sa.Column(sa.String(255), nullable=False)
    previous_status = sa.Column(sa.String(255), nullable=True)
    attach_status = sa.Column(sa.String(255), nullable=False)  # detached/attaching/attached
    migration_status = sa.Column(sa.String(255), nullable=True)
    display_name = sa.Column(sa.String(255), nullable=True)
    display_description = sa.Column(sa.Text, nullable=True)
    size = sa.Column(sa.Integer, nullable=False)               # GiB
    volume_type_id = sa.Column(sa.String(36), nullable=True)
    snapshot_id = sa.Column(sa.String(36), nullable=True)
    source_volid = sa.Column(sa.String(36), nullable=True)
    bootable = sa.Column(sa.Boolean, nullable=False, default=False)
    multiattach = sa.Column(sa.Boolean, nullable=False, default=False)
    encryption_key_id = sa.Column(sa.String(36), nullable=True)
    provider_location = sa.Column(sa.String(255), nullable=True)  # the backend's file
    replication_status = sa.Column(sa.String(255), nullable=True)
    use_quota = sa.Column(sa.Boolean, nullable=False, default=True)
    launched_at = sa.Column(sa.DateTime, nullable=True)


def _volume_kv(name, value_type):
    """A key/value table of a volume (metadata, admin metadata, image metadata)."""
    return type(name, (Base,), {
        '__tablename__': {'VolumeMetadata': 'volume_metadata',
                          'VolumeAdminMetadata': 'volume_admin_metadata',
                          'VolumeGlanceMetadata': 'volume_glance_metadata'}[name],
        'volume_id': sa.Column(sa.String(36), sa.ForeignKey('volumes.id', ondelete='CASCADE'),
                               primary_key=True),
        'key': sa.Column(sa.String(255), primary_key=True),
        'value': sa.Column(value_type, nullable=True),
    })


VolumeMetadata = _volume_kv('VolumeMetadata', sa.String(255))
VolumeAdminMetadata = _volume_kv('VolumeAdminMetadata', sa.String(255))
VolumeGlanceMetadata = _volume_kv('VolumeGlanceMetadata', sa.Text)


class VolumeAttachment(Base, Timestamps):
    """An attachment of a volume to a server (Cinder's ``volume_attachment``)."""
    __tablename__ = 'volume_attachments'
    id = sa.Column(sa.String(36), primary_key=True)
    volume_id = sa.Column(sa.String(36), sa.ForeignKey('volumes.id', ondelete='CASCADE'),
                          nullable=False, index=True)
    instance_uuid = sa.Column(sa.String(36), nullable=True)
    attached_host = sa.Column(sa.String(255), nullable=True)
    mountpoint = sa.Column(sa.String(255), nullable=True)
    attach_time = sa.Column(sa.DateTime, nullable=True)
    detach_time = sa.Column(sa.DateTime, nullable=True)
    attach_status = sa.Column(sa.String(255), nullable=False)  # reserved/attaching/attached/…
    attach_mode = sa.Column(sa.String(36), nullable=True)      # rw / ro
    connector = sa.Column(sa.JSON, nullable=True)
    connection_info = sa.Column(sa.JSON, nullable=True)


# --------------------------------------------------------------------------- block storage:
#                                                 volume types, snapshots, volume quotas

class VolumeType(Base, Timestamps):
    """A volume type (Cinder's volume_types); ``__DEFAULT__`` always exists."""
    __tablename__ = 'volume_types'
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False, unique=True)
    description = sa.Column(sa.String(255), nullable=True)
    is_public = sa.Column(sa.Boolean, nullable=False, default=True)


class VolumeTypeExtraSpec(Base):
    """One extra spec of a volume type; rows go with their type."""
    __tablename__ = 'volume_type_extra_specs'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    volume_type_id = sa.Column(sa.String(36),
                               sa.ForeignKey('volume_types.id', ondelete='CASCADE'),
                               nullable=False, index=True)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255), nullable=True)
    __table_args__ = (sa.UniqueConstraint('volume_type_id', 'key',
                                          name='uniq_volume_type_extra_specs0type0key'),)


class VolumeTypeProject(Base):
    """A project given access to a private volume type; rows go with their type."""
    __tablename__ = 'volume_type_projects'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    volume_type_id = sa.Column(sa.String(36),
                               sa.ForeignKey('volume_types.id', ondelete='CASCADE'),
                               nullable=False, index=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    __table_args__ = (sa.UniqueConstraint('volume_type_id', 'project_id',
                                          name='uniq_volume_type_projects0type0project'),)


class DefaultVolumeType(Base, Timestamps):
    """A project's own default volume type (Cinder 3.62 default-types)."""
    __tablename__ = 'default_volume_types'
    project_id = sa.Column(sa.String(255), primary_key=True)
    volume_type_id = sa.Column(sa.String(36), sa.ForeignKey('volume_types.id'),
                               nullable=False, index=True)


class Snapshot(Base, Timestamps):
    """A volume snapshot. status: creating, available, deleting, error, error_deleting."""
    __tablename__ = 'snapshots'
    id = sa.Column(sa.String(36), primary_key=True)
    volume_id = sa.Column(sa.String(36), nullable=False, index=True)
    project_id = sa.Column(sa.String(255), nullable=False, index=True)
    user_id = sa.Column(sa.String(255), nullable=True)
    status = sa.Column(sa.String(255), nullable=False)
    progress = sa.Column(sa.String(255), nullable=True)
    volume_size = sa.Column(sa.Integer, nullable=False)
    display_name = sa.Column(sa.String(255), nullable=True)
    display_description = sa.Column(sa.String(255), nullable=True)
    volume_type_id = sa.Column(sa.String(36), nullable=True)
    use_quota = sa.Column(sa.Boolean, nullable=False, default=True)
    provider_location = sa.Column(sa.String(255), nullable=True)  # the backend's file


class SnapshotMetadata(Base):
    """One user metadata item of a snapshot; rows go with their snapshot."""
    __tablename__ = 'snapshot_metadata'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    snapshot_id = sa.Column(sa.String(36), sa.ForeignKey('snapshots.id', ondelete='CASCADE'),
                            nullable=False, index=True)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255), nullable=False)
    __table_args__ = (sa.UniqueConstraint('snapshot_id', 'key',
                                          name='uniq_snapshot_metadata0snapshot_id0key'),)


class VolumeQuota(Base, Timestamps):
    """A block-storage quota limit of a project (its own table, as Cinder has its own
    database: resetting compute quotas leaves these alone)."""
    __tablename__ = 'volume_quotas'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    project_id = sa.Column(sa.String(255), nullable=False, index=True)
    resource = sa.Column(sa.String(300), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)
    __table_args__ = (sa.UniqueConstraint('project_id', 'resource',
                                          name='uniq_volume_quotas0project_id0resource'),)


class VolumeQuotaClass(Base, Timestamps):
    """A block-storage quota class limit; the 'default' class overrides the defaults."""
    __tablename__ = 'volume_quota_classes'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    class_name = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(300), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)
    __table_args__ = (sa.UniqueConstraint('class_name', 'resource',
                                          name='uniq_volume_quota_classes0class0resource'),)


# --------------------------------------------------------------------------- block devices

class BlockDeviceMapping(Base, Timestamps):
    """A server's block device (Nova's block_device_mapping): the root disk it boots from
    and every volume attached to it. A volume row carries the block-storage attachment id
    and the connection info the host used; rows go when the device is detached or the
    server is deleted."""
    __tablename__ = 'block_device_mappings'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False, index=True)
    source_type = sa.Column(sa.String(255), nullable=False)       # image/volume/snapshot/blank
    destination_type = sa.Column(sa.String(255), nullable=False)  # local/volume
    boot_index = sa.Column(sa.Integer, nullable=True)
    device_name = sa.Column(sa.String(255), nullable=True)
    device_type = sa.Column(sa.String(255), nullable=True)
    disk_bus = sa.Column(sa.String(255), nullable=True)
    guest_format = sa.Column(sa.String(255), nullable=True)
    delete_on_termination = sa.Column(sa.Boolean, nullable=False, default=False)
    volume_id = sa.Column(sa.String(36), nullable=True, index=True)
    snapshot_id = sa.Column(sa.String(36), nullable=True)
    image_id = sa.Column(sa.String(36), nullable=True)
    volume_size = sa.Column(sa.Integer, nullable=True)
    volume_type = sa.Column(sa.String(255), nullable=True)
    tag = sa.Column(sa.String(255), nullable=True)
    attachment_id = sa.Column(sa.String(36), nullable=True)
    connection_info = sa.Column(sa.JSON, nullable=True)
    __table_args__ = (sa.UniqueConstraint('instance_uuid', 'volume_id',
                                          name='uniq_block_device_mappings0instance0volume'),)


# --------------------------------------------------------------------------- traces

class TraceSpan(Base):
    """One span of a request's trace (novalite/trace.py); times in microseconds."""
    __tablename__ = 'trace_spans'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    trace_id = sa.Column(sa.String(64), nullable=False, index=True)
    span_id = sa.Column(sa.String(32), nullable=False)
    parent_id = sa.Column(sa.String(32), nullable=True)
    name = sa.Column(sa.String(255), nullable=False)
    kind = sa.Column(sa.String(16), nullable=False)
    service = sa.Column(sa.String(64), nullable=True)
    host = sa.Column(sa.String(255), nullable=True)
    pid = sa.Column(sa.Integer, nullable=True)
    start_us = sa.Column(sa.BigInteger, nullable=False, index=True)
    duration_us = sa.Column(sa.BigInteger, nullable=False)
    outcome = sa.Column(sa.String(255), nullable=True)
    project_id = sa.Column(sa.String(64), nullable=True, index=True)
    server_id = sa.Column(sa.String(36), nullable=True, index=True)
    attrs = sa.Column(sa.JSON, nullable=False, default=dict)
