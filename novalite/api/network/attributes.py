"""Neutron's resource attribute maps and the request-body checks built on them.

Each resource lists its attributes with ``post``/``put`` permissions, a default (``REQUIRED``
when there is none, ``UNSET`` when the plugin decides) and a converter and a validator.
``prepare`` applies them the way Neutron's API layer does, with Neutron's messages:
unknown attributes, read-only attributes, missing required ones, bad values (400).
"""
import copy
import uuid

import netaddr

from novalite import exception_network as errors

REQUIRED = object()
UNSET = object()
NAME_MAX = 255
VNIC_TYPES = ['normal', 'direct', 'macvtap', 'baremetal', 'direct-physical',
              'virtio-forwarder', 'smart-nic', 'vdpa', 'remote-managed']
IPV6_MODES = ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac', None]


class Attr:
    __slots__ = ('post', 'put', 'default', 'convert', 'validate')

    def __init__(self, post=True, put=True, default=REQUIRED, convert=None, validate=None):
        self.post, self.put, self.default = post, put, default
        self.convert, self.validate = convert, validate


# --------------------------------------------------------------------------- converters

def to_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ('true', 'false', '1', '0',
                                                            'yes', 'no', 'on', 'off'):
        return value.strip().lower() in ('true', '1', 'yes', 'on')
    raise errors.InvalidInput(error_message="'%s' cannot be converted to boolean" % (value,))


def to_int(value):
    if isinstance(value, bool):
        raise errors.InvalidInput(error_message="'%s' is not an integer" % (value,))
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.InvalidInput(error_message="'%s' is not an integer" % (value,))


def none_to_list(value):
    return [] if value is None else value


def canonical_ip(value):
    try:
        return str(netaddr.IPAddress(value)) if isinstance(value, str) and value else value
    except (netaddr.AddrFormatError, ValueError):
        return value


def canonical_cidr(value):
    try:
        return str(netaddr.IPNetwork(value)) if isinstance(value, str) and '/' in value \
            else value
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return value


def lower(value):
    return value.lower() if isinstance(value, str) else value


# --------------------------------------------------------------------------- validators

def string(max_len=NAME_MAX):
    def _check(value):
        if not isinstance(value, str):
            return "'%s' is not a valid string" % (value,)
        if len(value) > max_len:
            return "'%s' exceeds maximum length of %s" % (value, max_len)
    return _check


def values(allowed):
    def _check(value):
        if value not in allowed:
            return '%s is not in %s' % (value, allowed)
    return _check


def is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return "'%s' is not a valid UUID" % (value,)
    if not isinstance(value, str):
        return "'%s' is not a valid UUID" % (value,)


def uuid_list(value):
    if not isinstance(value, list):
        return "'%s' is not a list" % (value,)
    for item in value:
        msg = is_uuid(item)
        if msg:
            return msg
    if len(set(value)) != len(value):
        return "Duplicate items in the list: '%s'" % ', '.join(value)


def ip_address(value):
    if not isinstance(value, str) or not _ip(value):
        return "'%s' is not a valid IP address" % (value,)


def ip_address_or_none(value):
    return None if value is None else ip_address(value)


def _ip(value):
    try:
        netaddr.IPAddress(value)
        return ':' in value or value.count('.') == 3
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return False


def subnet_cidr(value):
    """A CIDR with or without host bits (neutron-lib's validate_subnet: host bits are
    cleared later, ``10.99.99.0/16`` becomes ``10.99.0.0/16``)."""
    try:
        net = netaddr.IPNetwork(value)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return "'%s' is not a valid IP subnet" % (value,)
    if not isinstance(value, str) or '/' not in value or \
            (net.version == 4 and str(net) != value):
        return ("'%s' isn't a recognized IP subnet cidr, '%s' is recommended"
                % (value, net.cidr))


def subnet_cidr_list(value):
    if not isinstance(value, list):
        return "'%s' is not a list" % (value,)
    for item in value:
        msg = subnet_cidr(item)
        if msg:
            return msg
    if len(set(value)) != len(value):
        return "Duplicate items in the list: '%s'" % ', '.join(value)


def service_types(value):
    if not isinstance(value, list):
        return 'Subnet service types must be a list'
    for item in value:
        if not isinstance(item, str):
            return 'Subnet service type %s is not a string' % (item,)
        if not item.startswith(('network:', 'neutron:', 'compute:')):
            return ('Subnet service type %s does not correspond to a valid device owner'
                    % item)


def tag_list(value):
    """neutron-lib's list_of_unique_strings with tags' maximum length (255)."""
    if not isinstance(value, list):
        return "'%s' is not a list" % (value,)
    for item in value:
        msg = string(255)(item)
        if msg:
            return msg
    if len(set(value)) != len(value):
        return "Duplicate items in the list: '%s'" % ', '.join(value)


def non_negative(value):
    if value < 0:
        return "'%s' should be non-negative" % (value,)


def uuid_or_none(value):
    return None if value is None else is_uuid(value)


def not_empty_string(max_len=NAME_MAX):
    def _check(value):
        msg = string(max_len)(value)
        if msg:
            return msg
        if not value.strip():
            return "'%s' Blank strings are not permitted" % (value,)
    return _check


def mac_address(value):
    try:
        if isinstance(value, str) and netaddr.valid_mac(value) and value.count(':') == 5:
            return None
    except TypeError:
        pass
    return "'%s' is not a valid MAC address" % (value,)


def dict_value(value):
    if not isinstance(value, dict):
        return "'%s' is not a dictionary" % (value,)


def string_list(value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "'%s' is not a list" % (value,)


def _dict_items(kind, value, required, optional=()):
    if not isinstance(value, list):
        return "Invalid data format for %s: '%s'" % (kind, value)
    for item in value:
        if not isinstance(item, dict) or not set(required) <= set(item) or \
                set(item) - set(required) - set(optional):
            return "Invalid data format for %s: '%s'" % (kind, item)


def ip_pools(value):
    msg = _dict_items('IP pool', value, ('start', 'end'))
    if msg:
        return msg
    for pool in value:
        for key in ('start', 'end'):
            msg = ip_address(pool[key])
            if msg:
                return msg


def fixed_ips(value):
    if not isinstance(value, list):
        return "Invalid data format for fixed IP: '%s'" % (value,)
    seen = set()
    for item in value:
        if not isinstance(item, dict) or not item or \
                set(item) - {'ip_address', 'subnet_id'}:
            return "Invalid data format for fixed IP: '%s'" % (item,)
        if 'ip_address' in item:
            msg = ip_address(item['ip_address'])
            if msg:
                return msg
            if item['ip_address'] in seen:
                return "Duplicate IP address '%s'" % item['ip_address']
            seen.add(item['ip_address'])
        if 'subnet_id' in item:
            msg = is_uuid(item['subnet_id'])
            if msg:
                return msg


def nameservers(value):
    if not isinstance(value, list):
        return "Invalid data format for nameserver: '%s'" % (value,)
    for host in value:
        msg = ip_address(host)
        if msg:
            return "'%s' is not a valid nameserver. %s" % (host, msg)
    if len(set(value)) != len(value):
        return "Duplicate nameserver '%s'" % value[-1]


def host_routes(value):
    msg = _dict_items('hostroute', value, ('destination', 'nexthop'))
    if msg:
        return msg
    for route in value:
        msg = subnet_cidr(canonical_cidr(route['destination'])) or ip_address(route['nexthop'])
        if msg:
            return msg


def address_pairs(value):
    msg = _dict_items('allowed address pair', value, ('ip_address',), ('mac_address',))
    if msg:
        return msg
    for pair in value:
        addr = pair['ip_address']
        if subnet_cidr(canonical_cidr(addr)) and ip_address(addr):
            return "'%s' is not a valid IP address" % (addr,)
        if 'mac_address' in pair and pair['mac_address'] is not None:
            msg = mac_address(pair['mac_address'])
            if msg:
                return msg


def dhcp_opts(value):
    return _dict_items('extra DHCP option', value, ('opt_name', 'opt_value'), ('ip_version',))


def int_range(low, high):
    def _check(value):
        if value < low:
            return "'%s' is too small - must be at least '%d'" % (value, low)
        if value > high:
            return "'%s' is too large - must be no larger than '%d'" % (value, high)
    return _check


# --------------------------------------------------------------------------- maps

RO = Attr(post=False, put=False)
PROJECT = Attr(put=False, default=UNSET, validate=string())
STANDARD = {'id': RO, 'tenant_id': PROJECT, 'project_id': PROJECT, 'created_at': RO,
            'updated_at': RO, 'revision_number': RO, 'tags': RO,
            'description': Attr(default='', validate=string())}

NETWORK = dict(STANDARD, **{
    'name': Attr(default='', validate=string()),
    'admin_state_up': Attr(default=True, convert=to_bool),
    'status': RO, 'subnets': RO, 'availability_zones': RO,
    'shared': Attr(default=False, convert=to_bool),
    'router:external': Attr(default=False, convert=to_bool),
    'mtu': Attr(default=1500, convert=to_int, validate=int_range(68, 9216)),
    'port_security_enabled': Attr(default=True, convert=to_bool),
    'availability_zone_hints': Attr(put=False, default=[], validate=string_list),
    'is_default': Attr(default=UNSET, convert=to_bool),
    'provider:network_type': Attr(default=UNSET, validate=string(32)),
    'provider:physical_network': Attr(default=UNSET, validate=string(64)),
    'provider:segmentation_id': Attr(default=UNSET, convert=to_int),
})

SUBNET = dict(STANDARD, **{
    'name': Attr(default='', validate=string()),
    'network_id': Attr(put=False, validate=is_uuid),
    'ip_version': Attr(put=False, convert=to_int, validate=values([4, 6])),
    'cidr': Attr(put=False, default=UNSET, validate=subnet_cidr),
    'prefixlen': Attr(put=False, default=UNSET, convert=to_int, validate=non_negative),
    'use_default_subnetpool': Attr(put=False, default=False, convert=to_bool),
    'gateway_ip': Attr(default=UNSET, convert=canonical_ip, validate=ip_address_or_none),
    'allocation_pools': Attr(default=UNSET, validate=ip_pools),
    'dns_nameservers': Attr(default=[], convert=none_to_list, validate=nameservers),
    'host_routes': Attr(default=[], convert=none_to_list, validate=host_routes),
    'enable_dhcp': Attr(default=True, convert=to_bool),
    'ipv6_ra_mode': Attr(put=False, default=None, validate=values(IPV6_MODES)),
    'ipv6_address_mode': Attr(put=False, default=None, validate=values(IPV6_MODES)),
    'subnetpool_id': Attr(put=False, default=None, validate=uuid_or_none),
    'service_types': Attr(default=[], convert=none_to_list, validate=service_types),
})

PORT = dict(STANDARD, **{
    'name': Attr(default='', validate=string()),
    'network_id': Attr(put=False, validate=is_uuid),
    'admin_state_up': Attr(default=True, convert=to_bool),
    'mac_address': Attr(default=UNSET, convert=lower, validate=mac_address),
    'fixed_ips': Attr(default=UNSET, validate=fixed_ips),
    'device_id': Attr(default='', validate=string()),
    'device_owner': Attr(default='', validate=string()),
    'status': RO,
    'security_groups': Attr(default=UNSET, convert=none_to_list, validate=uuid_list),
    'binding:host_id': Attr(default='', convert=lambda v: '' if v is None else v,
                            validate=string()),
    'binding:profile': Attr(default={}, convert=lambda v: {} if v is None else v,
                            validate=dict_value),
    'binding:vnic_type': Attr(default='normal', validate=values(VNIC_TYPES)),
    'binding:vif_type': RO, 'binding:vif_details': RO,
    'port_security_enabled': Attr(default=UNSET, convert=to_bool),
    'allowed_address_pairs': Attr(default=[], convert=none_to_list, validate=address_pairs),
    'extra_dhcp_opts': Attr(default=[], convert=none_to_list, validate=dhcp_opts),
    'tags': Attr(put=False, default=UNSET, validate=tag_list),
})

SECURITY_GROUP = dict(STANDARD, **{
    'name': Attr(default='', validate=string()),
    'stateful': Attr(default=True, convert=to_bool),
    'security_group_rules': RO,
})

SECURITY_GROUP_RULE = dict(STANDARD, **{
    'security_group_id': Attr(put=False, validate=is_uuid),
    'direction': Attr(put=False, validate=values(['ingress', 'egress'])),
    'ethertype': Attr(put=False, default='IPv4'),
    'protocol': Attr(put=False, default=None),
    'port_range_min': Attr(put=False, default=None),
    'port_range_max': Attr(put=False, default=None),
    'remote_ip_prefix': Attr(put=False, default=None),
    'remote_group_id': Attr(put=False, default=None,
                            validate=lambda v: None if v is None else is_uuid(v)),
})



def gateway_info(value):
    """A router's external_gateway_info: None or {network_id, enable_snat,
    external_fixed_ips}."""
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        return "'%s' is not a dictionary" % (value,)
    allowed = {'network_id', 'enable_snat', 'external_fixed_ips', 'qos_policy_id'}
    if 'network_id' not in value or set(value) - allowed:
        return ("Validation of dictionary's keys failed. Expected keys: {'network_id'} "
                "Provided keys: %s" % sorted(value))
    msg = is_uuid(value['network_id'])
    if msg:
        return msg
    if 'enable_snat' in value and not isinstance(value['enable_snat'], bool):
        return "'%s' is not a valid boolean value" % (value['enable_snat'],)
    if 'external_fixed_ips' in value:
        return fixed_ips(value['external_fixed_ips'])


def routes(value):
    return host_routes(value)


ROUTER = dict(STANDARD, **{
    'name': Attr(default='', validate=string()),
    'admin_state_up': Attr(default=True, convert=to_bool),
    'status': RO,
    'external_gateway_info': Attr(default=None, validate=gateway_info),
    'routes': Attr(post=False, default=[], convert=none_to_list, validate=routes),
    'distributed': Attr(default=UNSET, convert=to_bool),
    'ha': Attr(default=UNSET, convert=to_bool),
    'availability_zone_hints': Attr(put=False, default=[], validate=string_list),
    'availability_zones': RO, 'flavor_id': Attr(put=False, default=None),
})


# --------------------------------------------------------------------------- checks

def prepare(spec, data, context, create):
    """The checked, converted, defaulted attributes of one resource in a request body."""
    if not isinstance(data, dict):
        raise errors.bad_request('Resource body required')
    data = dict(data)
    _project(data, context)
    unknown = sorted(set(data) - set(spec))
    if unknown:
        raise errors.bad_request("Unrecognized attribute(s) '%s'" % ', '.join(unknown))
    if create:
        _defaults(spec, data)
        data.setdefault('project_id', context.project_id)
    else:
        for name in data:
            if not spec[name].put:
                raise errors.bad_request('Cannot update read-only attribute %s' % name)
    for name in list(data):
        attr = spec.get(name)
        if attr is None:
            continue
        if attr.convert is not None:
            data[name] = attr.convert(data[name])
        message = attr.validate(data[name]) if attr.validate is not None else None
        if message:
            raise errors.bad_request('Invalid input for %s. Reason: %s.' % (name, message))
    data.pop('tenant_id', None)
    return data


def _defaults(spec, data):
    """On POST: no attribute POST may not set, the required ones given, the defaults of
    the others filled in (``data`` in place)."""
    for name, attr in spec.items():
        if not attr.post:
            if name in data:
                raise errors.bad_request("Attribute '%s' not allowed in POST" % name)
        elif name not in data:
            if attr.default is REQUIRED:
                raise errors.bad_request("Failed to parse request. Required attribute "
                                         "'%s' not specified" % name)
            if attr.default is not UNSET:
                data[name] = copy.deepcopy(attr.default)


def _project(data, context):
    """Neutron's populate_project_info + the privilege check for another project."""
    if 'tenant_id' in data and 'project_id' not in data:
        data['project_id'] = data['tenant_id']
    elif 'project_id' in data and 'tenant_id' not in data:
        data['tenant_id'] = data['project_id']
    if data.get('project_id') != data.get('tenant_id'):
        raise errors.bad_request("'project_id' and 'tenant_id' do not match")
    if 'project_id' in data and data['project_id'] != context.project_id and \
            not context.is_admin:
        raise errors.bad_request("Specifying 'project_id' other than the authenticated "
                                 "project in request is not allowed for the current user.")
