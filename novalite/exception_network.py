"""Network service errors: Neutron's codes, messages and ``type`` names.

faultwrap renders them as ``{"NeutronError": {"type": <neutron_type>, "message", "detail"}}``.
The data layer (novalite/db/network.py) raises these too, as Neutron's plugin does.
"""
from novalite import exception


class NeutronError(exception.NovaliteException):
    neutron_type = 'NeutronError'


def _error(name, code, msg_fmt, base=NeutronError):
    return type(name, (base,), {'code': code, 'msg_fmt': msg_fmt, 'neutron_type': name})


# 400 -------------------------------------------------------------------------
BadRequest = _error('HTTPBadRequest', 400, '%(reason)s')
InvalidInput = _error('InvalidInput', 400, 'Invalid input for operation: %(error_message)s.')
InvalidIpForSubnet = _error('InvalidIpForSubnet', 400,
                            'IP address %(ip_address)s is not a valid IP for the specified '
                            'subnet.')
InvalidIpForNetwork = _error('InvalidIpForNetwork', 400,
                             'IP address %(ip_address)s is not a valid IP for any of the '
                             'subnets on the specified network.')
InvalidAllocationPool = _error('InvalidAllocationPool', 400,
                               'The allocation pool %(pool)s is not valid.')
OutOfBoundsAllocationPool = _error('OutOfBoundsAllocationPool', 400,
                                   'The allocation pool %(pool)s spans beyond the subnet '
                                   'cidr %(subnet_cidr)s.')
SubnetBadRequest = _error('BadRequest', 400, 'Bad %(resource)s request: %(msg)s.')
PortSecurityAndIPRequiredForSecurityGroups = _error(
    'PortSecurityAndIPRequiredForSecurityGroups', 400,
    'Port security must be enabled and port must have an IP address in order to use '
    'security groups.')
SecurityGroupRuleInvalidProtocol = _error(
    'SecurityGroupRuleInvalidProtocol', 400,
    'Security group rule protocol %(protocol)s not supported. Only protocol values '
    '%(values)s and integer representations [0 to 255] are supported.')
SecurityGroupInvalidPortRange = _error(
    'SecurityGroupInvalidPortRange', 400,
    'For TCP/UDP protocols, port_range_min must be <= port_range_max')
SecurityGroupInvalidPortValue = _error('SecurityGroupInvalidPortValue', 400,
                                       'Invalid value for port %(port)s.')
SecurityGroupInvalidIcmpValue = _error(
    'SecurityGroupInvalidIcmpValue', 400,
    'Invalid value for ICMP %(field)s (%(attr)s) %(value)s. It must be 0 to 255.')
SecurityGroupMissingIcmpType = _error(
    'SecurityGroupMissingIcmpType', 400,
    'ICMP code (port-range-max) %(value)s is provided but ICMP type (port-range-min) is '
    'missing.')
SecurityGroupProtocolRequiredWithPorts = _error(
    'SecurityGroupProtocolRequiredWithPorts', 400,
    'Must also specify protocol if port range is given.')
SecurityGroupRemoteGroupAndRemoteIpPrefix = _error(
    'SecurityGroupRemoteGroupAndRemoteIpPrefix', 400,
    'Only remote_ip_prefix or remote_group_id may be provided.')
InvalidCIDR = _error('InvalidCIDR', 400, 'Invalid CIDR %(input)s given as IP prefix.')
FloatingIPBadRequest = _error('BadRequest', 400, 'Bad floatingip request: %(msg)s.')
RouterBadRequest = _error('BadRequest', 400, 'Bad router request: %(msg)s.')
SubnetMismatchForPort = _error('SubnetMismatchForPort', 400,
                               'Subnet on port %(port_id)s does not match the requested subnet '
                               '%(subnet_id)s.')
SecurityGroupRuleParameterConflict = _error(
    'SecurityGroupRuleParameterConflict', 400,
    'Conflicting value ethertype %(ethertype)s for CIDR %(cidr)s')
EmptySubnetPoolPrefixList = _error('EmptySubnetPoolPrefixList', 400,
                                   'Empty subnet pool prefix list.')
PrefixVersionMismatch = _error('PrefixVersionMismatch', 400,
                               'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.')
UnsupportedMinSubnetPoolPrefix = _error('UnsupportedMinSubnetPoolPrefix', 400,
                                        "Prefix '%(prefix)s' not supported in IPv%(version)s "
                                        "pool.")
IllegalSubnetPoolPrefixBounds = _error('IllegalSubnetPoolPrefixBounds', 400,
                                       'Illegal prefix bounds: %(prefix_type)s=%(prefixlen)s, '
                                       '%(base_prefix_type)s=%(base_prefixlen)s.')
IllegalSubnetPoolPrefixUpdate = _error('IllegalSubnetPoolPrefixUpdate', 400,
                                       'Illegal update to prefixes: %(msg)s.')
IllegalSubnetPoolAssociationToAddressScope = _error(
    'IllegalSubnetPoolAssociationToAddressScope', 400,
    'Illegal subnetpool association: subnetpool %(subnetpool_id)s cannot be associated with '
    'address scope %(address_scope_id)s.')
IllegalSubnetPoolIpVersionAssociationToAddressScope = _error(
    'IllegalSubnetPoolIpVersionAssociationToAddressScope', 400,
    'Illegal subnetpool association: subnetpool %(subnetpool_id)s cannot associate with '
    'address scope %(address_scope_id)s because subnetpool ip_version is not '
    '%(ip_version)s.')
MinPrefixSubnetAllocationError = _error('MinPrefixSubnetAllocationError', 400,
                                        'Unable to allocate subnet with prefix length '
                                        '%(prefixlen)s, minimum allowed prefix is '
                                        '%(min_prefixlen)s.')
MaxPrefixSubnetAllocationError = _error('MaxPrefixSubnetAllocationError', 400,
                                        'Unable to allocate subnet with prefix length '
                                        '%(prefixlen)s, maximum allowed prefix is '
                                        '%(max_prefixlen)s.')
SubnetPoolDeleteError = _error('SubnetPoolDeleteError', 400,
                               'Unable to delete subnet pool: %(reason)s.')
NetworkSubnetPoolAffinityError = _error('NetworkSubnetPoolAffinityError', 400,
                                        'Subnets hosted on the same network must be '
                                        'allocated from the same subnet pool.')
InvalidProviderInput = _error('InvalidInput', 400,
                              'Invalid input for operation: %(error_message)s.')
AddressScopeUpdateError = _error('AddressScopeUpdateError', 400,
                                 'Unable to update address scope %(address_scope_id)s : '
                                 '%(reason)s.')
IfMatchBadRequest = _error('BadRequest', 400, 'Bad if-match request: %(msg)s.')

# 501 -------------------------------------------------------------------------
NotImplementedByService = _error('HTTPNotImplemented', 501, '%(reason)s')

# 403 -------------------------------------------------------------------------
NotAuthorized = _error('NotAuthorized', 403, 'Not authorized.')
PolicyNotAuthorized = _error('PolicyNotAuthorized', 403,
                             '(rule:%(action)s) is disallowed by policy')

# 404 -------------------------------------------------------------------------
NotFound = _error('HTTPNotFound', 404, '%(reason)s')
NetworkNotFound = _error('NetworkNotFound', 404, 'Network %(net_id)s could not be found.')
SubnetNotFound = _error('SubnetNotFound', 404, 'Subnet %(subnet_id)s could not be found.')
PortNotFound = _error('PortNotFound', 404, 'Port %(port_id)s could not be found.')
SecurityGroupNotFound = _error('SecurityGroupNotFound', 404,
                               'Security group %(id)s does not exist')
RouterNotFound = _error('RouterNotFound', 404, 'Router %(router_id)s could not be found')
RouterInterfaceNotFound = _error('RouterInterfaceNotFound', 404,
                                 'Router %(router_id)s does not have an interface with id '
                                 '%(port_id)s')
RouterInterfaceNotFoundForSubnet = _error('RouterInterfaceNotFoundForSubnet', 404,
                                          'Router %(router_id)s has no interface on subnet '
                                          '%(subnet_id)s')
FloatingIPNotFound = _error('FloatingIPNotFound', 404,
                            'Floating IP %(floatingip_id)s could not be found')
ExternalGatewayForFloatingIPNotFound = _error(
    'ExternalGatewayForFloatingIPNotFound', 404,
    'External network %(external_network_id)s is not reachable from subnet %(subnet_id)s.  '
    'Therefore, cannot associate Port %(port_id)s with a Floating IP.')
ProjectQuotaNotFound = _error('ProjectQuotaNotFound', 404,
                              'Quota for project %(project_id)s could not be found.')
SecurityGroupRuleNotFound = _error('SecurityGroupRuleNotFound', 404,
                                   'Security group rule %(id)s does not exist')
TagNotFound = _error('TagNotFound', 404, 'Tag %(tag)s could not be found.')
TagResourceNotFound = _error('TagResourceNotFound', 404,
                             'Resource %(resource)s %(resource_id)s could not be found.')
SubnetPoolNotFound = _error('SubnetPoolNotFound', 404,
                            'Subnet pool %(subnetpool_id)s could not be found.')
AddressScopeNotFound = _error('AddressScopeNotFound', 404,
                              'Address scope %(address_scope_id)s could not be found.')

# 409 -------------------------------------------------------------------------
NetworkInUse = _error('NetworkInUse', 409,
                      'Unable to complete operation on network %(net_id)s. There are one '
                      'or more ports still in use on the network.')
SubnetInUse = _error('SubnetInUse', 409,
                     'Unable to complete operation on subnet %(subnet_id)s: One or more '
                     'ports have an IP allocation from this subnet.')
IpAddressAlreadyAllocated = _error('IpAddressAlreadyAllocated', 409,
                                   'IP address %(ip)s already allocated in subnet '
                                   '%(subnet_id)s')
IpAddressGenerationFailure = _error('IpAddressGenerationFailure', 409,
                                    'No more IP addresses available on network %(net_id)s.')
MacAddressInUse = _error('MacAddressInUse', 409,
                         'Unable to complete operation for network %(net_id)s. The mac '
                         'address %(mac)s is in use.')
GatewayConflictWithAllocationPools = _error(
    'GatewayConflictWithAllocationPools', 409,
    'Gateway ip %(ip_address)s conflicts with allocation pool %(pool)s.')
OverlappingAllocationPools = _error(
    'OverlappingAllocationPools', 409,
    'Found overlapping allocation pools: %(pool_1)s %(pool_2)s for subnet %(subnet_cidr)s.')
SecurityGroupInUse = _error('SecurityGroupInUse', 409, 'Security Group %(id)s in use.')
SecurityGroupCannotRemoveDefault = _error(
    'SecurityGroupCannotRemoveDefault', 409,
    'Insufficient rights for removing default security group.')
SecurityGroupCannotUpdateDefault = _error('SecurityGroupCannotUpdateDefault', 409,
                                          'Updating default security group not allowed.')
SecurityGroupDefaultAlreadyExists = _error('SecurityGroupDefaultAlreadyExists', 409,
                                           'Default security group already exists.')
SecurityGroupRuleExists = _error('SecurityGroupRuleExists', 409,
                                 'Security group rule already exists. Rule id is %(rule_id)s.')
PortSecurityPortHasSecurityGroup = _error(
    'PortSecurityPortHasSecurityGroup', 409,
    'Port has security group associated. Cannot disable port security or IP address until '
    'security group is removed.')
InvalidSharedSetting = _error('InvalidSharedSetting', 409,
                             'Unable to reconfigure sharing settings for network %(network)s. '
                             'Multiple projects are using it.')
RouterInUse = _error('RouterInUse', 409, 'Router %(router_id)s %(reason)s')
PortInUse = _error('PortInUse', 409,
                   'Unable to complete operation on port %(port_id)s for network %(net_id)s. '
                   'Port already has an attached device %(device_id)s.')
ServicePortInUse = _error('ServicePortInUse', 409,
                          'Port %(port_id)s cannot be deleted directly via the port API: '
                          '%(reason)s.')
Conflict = _error('HTTPConflict', 409, '%(reason)s')
OverQuota = _error('OverQuota', 409, 'Quota exceeded for resources: %(overs)s.')
RouterInterfaceInUseByFloatingIP = _error(
    'RouterInterfaceInUseByFloatingIP', 409,
    'Router interface for subnet %(subnet_id)s on router %(router_id)s cannot be deleted, as '
    'it is required by one or more floating IPs.')
FloatingIPPortAlreadyAssociated = _error(
    'FloatingIPPortAlreadyAssociated', 409,
    'Cannot associate floating IP %(floating_ip_address)s (%(fip_id)s) with port %(port_id)s '
    'using fixed IP %(fixed_ip)s, as that fixed IP already has a floating IP on external '
    'network %(net_id)s.')
RouterExternalGatewayInUseByFloatingIp = _error(
    'RouterExternalGatewayInUseByFloatingIp', 409,
    'Gateway cannot be updated for router %(router_id)s, since a gateway to external network '
    '%(net_id)s is required by one or more floating IPs.')
# Neutron answers 500 for this one (SubnetAllocationError is no client error there);
# novalite answers 409, the pool being exhausted or the prefix taken.
SubnetAllocationError = _error('SubnetAllocationError', 409,
                               'Failed to allocate subnet: %(reason)s.')
SubnetPoolQuotaExceeded = _error('SubnetPoolQuotaExceeded', 409,
                                 'Per-project subnet pool prefix quota exceeded.')
AddressScopePrefixConflict = _error('AddressScopePrefixConflict', 409,
                                    'Failed to associate address scope: subnetpools within '
                                    'an address scope must have unique prefixes.')
AddressScopeInUse = _error('AddressScopeInUse', 409,
                           'Unable to complete operation on address scope '
                           '%(address_scope_id)s. There are one or more subnet pools in use '
                           'on the address scope.')
AutoAllocationFailure = _error('AutoAllocationFailure', 409, 'Deployment error: %(reason)s.')
DefaultExternalNetworkExists = _error('DefaultExternalNetworkExists', 409,
                                      'A default external network already exists: '
                                      '%(net_id)s.')
SegmentationIdInUse = _error('VlanIdInUse', 409,
                             'Unable to create the network. The VLAN %(vlan_id)s on physical '
                             'network %(physical_network)s is in use.')
FlatNetworkInUse = _error('FlatNetworkInUse', 409,
                          'Unable to create the flat network. Physical network '
                          '%(physical_network)s is in use.')
TunnelIdInUse = _error('TunnelIdInUse', 409,
                       'Unable to create the network. The tunnel ID %(tunnel_id)s is in use.')
NoNetworkAvailable = _error('NoNetworkAvailable', 503,
                            'Unable to create the network. No project network is available for '
                            'allocation.')

# 412 -------------------------------------------------------------------------
RevisionNumberConstraintFailed = _error('RevisionNumberConstraintFailed', 412,
                                        'Constrained to %(expected)s, but current revision is '
                                        '%(current)s')


def bad_request(message):
    return BadRequest(reason=message)
