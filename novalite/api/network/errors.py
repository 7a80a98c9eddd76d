"""Network service errors: Neutron's codes, messages and ``type`` names.

faultwrap renders them as ``{"NeutronError": {"type": <neutron_type>, "message", "detail"}}``.
The data layer (novalite/db/network.py) raises these too, as Neutron's plugin does.
"""
from novalite import exception
from novalite import policy


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

# 501 -------------------------------------------------------------------------
NotImplementedByService = _error('HTTPNotImplemented', 501, '%(reason)s')

# 403 -------------------------------------------------------------------------
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


def bad_request(message):
    return BadRequest(reason=message)


def allowed(context, action, target):
    """True if the policy allows ``action`` on ``target``."""
    return bool(policy.authorize(context, action, target, fatal=False))


def authorize(context, action, target):
    """Neutron's policy check: 403 PolicyNotAuthorized "(rule:...) is disallowed by policy"."""
    if not allowed(context, action, target):
        raise PolicyNotAuthorized(action=action)
