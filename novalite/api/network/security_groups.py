"""Neutron security groups and rules: /v2.0/security-groups, /v2.0/security-group-rules.

Each project gets its ``default`` group the first time it lists groups or creates a port
(or a group), as Neutron does.
"""
import netaddr

from novalite import exception_network as errors
from novalite.api import wsgi
from novalite.api.network import attributes
from novalite.api.network import common
from novalite.api.network import revisions
from novalite.db import network as network_db
from novalite.db import network_quotas

SG_FILTERABLE = ('id', 'name', 'tenant_id', 'project_id', 'description', 'stateful',
                 'revision_number')
RULE_FILTERABLE = ('id', 'security_group_id', 'direction', 'ethertype', 'protocol',
                   'port_range_min', 'port_range_max', 'remote_ip_prefix', 'remote_group_id',
                   'tenant_id', 'project_id', 'description', 'revision_number')
PROTOCOLS = {'ah': 51, 'dccp': 33, 'egp': 8, 'esp': 50, 'gre': 47, 'icmp': 1, 'icmpv6': 58,
             'igmp': 2, 'ipip': 4, 'ipv6-encap': 41, 'ipv6-frag': 44, 'ipv6-icmp': 58,
             'ipv6-nonxt': 59, 'ipv6-opts': 60, 'ipv6-route': 43, 'ospf': 89, 'pgm': 113,
             'rsvp': 46, 'sctp': 132, 'tcp': 6, 'udp': 17, 'udplite': 136, 'vrrp': 112}
PORT_PROTOCOLS = (6, 17, 33, 132, 136)
ICMP_PROTOCOLS = (1, 58)


def _sg_not_found(sg_id):
    return errors.SecurityGroupNotFound(id=sg_id)


def _rule_not_found(rule_id):
    return errors.SecurityGroupRuleNotFound(id=rule_id)


def _get_sg(ctx, sg_id):
    sg = network_db.sg_get(sg_id)
    if sg is None or not common.allowed(ctx, 'get_security_group', common.owned_target(sg)):
        raise _sg_not_found(sg_id)
    return sg


def _sg_view(sg):
    view = common.view(sg)
    view['security_group_rules'] = [common.view(r) for r in sg['security_group_rules']]
    return view


class SecurityGroupsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        wanted = req.GET.get('project_id') or req.GET.get('tenant_id') or ctx.project_id
        if wanted and (ctx.is_admin or wanted == ctx.project_id):
            network_db.ensure_default_sg(wanted)
        fields = common.requested_fields(req)
        groups = network_db.sg_list(common.scope(ctx), with_tags=common.wants_tags(req, fields),
                                    with_rules=common.shown(fields, 'security_group_rules'),
                                    **common.pushdown(
            req, {'id': 'id', 'name': 'name', 'project_id': 'project_id',
                  'tenant_id': 'project_id'}))
        groups = [g for g in groups
                  if common.allowed(ctx, 'get_security_group', common.owned_target(g))]
        return common.index(req, 'security_groups', groups, _sg_view, SG_FILTERABLE,
                            _sg_not_found)

    def show(self, req, id):
        return {'security_group': common.select_fields(req, _sg_view(_get_sg(req.context,
                                                                             id)))}

    def create(self, req, body=None):
        return common.create(req, body, 'security_group', 'security_groups', self._create,
                             lambda ctx, sg_id: network_db.sg_delete(sg_id))

    def _create(self, ctx, data):
        data = attributes.prepare(attributes.SECURITY_GROUP, data, ctx, create=True)
        if data['name'] == 'default':
            raise errors.SecurityGroupDefaultAlreadyExists()
        common.authorize(ctx, 'create_security_group', common.owned_target(data))
        network_db.ensure_default_sg(data['project_id'])
        return _sg_view(network_db.sg_create(
            data, quota=network_quotas.guard('security_group', data['project_id'])))

    def update(self, req, id, body=None):
        ctx = req.context
        values = common.update_body(body, 'security_group', attributes.SECURITY_GROUP, ctx)
        sg = network_db.sg_get(id)
        if sg is None:
            raise _sg_not_found(id)
        common.check_writable(ctx, 'update_security_group', common.owned_target(sg),
                              'get_security_group', _sg_not_found(id))
        revisions.check(req, sg)
        if 'name' in values and values['name'] != sg['name']:
            if sg['id'] == network_db.default_sg_id(sg['project_id']):
                raise errors.SecurityGroupCannotUpdateDefault()
            if values['name'] == 'default':
                raise errors.SecurityGroupDefaultAlreadyExists()
        return {'security_group': _sg_view(network_db.sg_update(id, values))}

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        sg = network_db.sg_get(id)
        if sg is None:
            raise _sg_not_found(id)
        common.check_writable(ctx, 'delete_security_group', common.owned_target(sg),
                              'get_security_group', _sg_not_found(id))
        revisions.check(req, sg)
        if sg['id'] == network_db.default_sg_id(sg['project_id']) and not ctx.is_admin:
            raise errors.SecurityGroupCannotRemoveDefault()
        network_db.sg_delete(id)


class SecurityGroupRulesController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        ctx = req.context
        rules = network_db.rule_list(common.scope(ctx), **common.pushdown(
            req, {'id': 'id', 'security_group_id': 'security_group_id'}))
        rules = [r for r in rules if common.allowed(ctx, 'get_security_group_rule',
                                                    common.owned_target(r))
                 or _group_owner(ctx, r)]
        return common.index(req, 'security_group_rules', rules, common.view,
                            RULE_FILTERABLE, _rule_not_found)

    def show(self, req, id):
        rule = self._get(req.context, id)
        return {'security_group_rule': common.select_fields(req, common.view(rule))}

    def create(self, req, body=None):
        return common.create(req, body, 'security_group_rule', 'security_group_rules',
                             self._create, lambda ctx, rule_id: network_db.rule_delete(rule_id))

    def _create(self, ctx, data):
        explicit_project = 'project_id' in data or 'tenant_id' in data
        data = attributes.prepare(attributes.SECURITY_GROUP_RULE, data, ctx, create=True)
        sg = _get_sg(ctx, data['security_group_id'])
        if not explicit_project:
            data['project_id'] = sg['project_id']
        common.authorize(ctx, 'create_security_group_rule', common.owned_target(sg))
        check_rule(data)
        if data['remote_group_id'] is not None:
            _get_sg(ctx, data['remote_group_id'])
        return common.view(network_db.rule_create(
            data, quota=network_quotas.guard('security_group_rule', data['project_id'])))

    @wsgi.response(204)
    def delete(self, req, id):
        ctx = req.context
        rule = self._get(ctx, id)
        common.authorize(ctx, 'delete_security_group_rule', common.owned_target(rule))
        network_db.rule_delete(id)

    @staticmethod
    def _get(ctx, rule_id):
        rule = network_db.rule_get(rule_id)
        if rule is None or not (common.allowed(ctx, 'get_security_group_rule',
                                               common.owned_target(rule))
                                or _group_owner(ctx, rule)):
            raise _rule_not_found(rule_id)
        return rule


def _group_owner(ctx, rule):
    sg = network_db.sg_get(rule['security_group_id'])
    return sg is not None and sg['project_id'] == ctx.project_id


# --------------------------------------------------------------------------- rule checks

def check_rule(data):
    """Normalise and check ethertype, protocol, ports and remote of a new rule."""
    data['ethertype'] = _ethertype(data['ethertype'])
    data['protocol'] = _protocol(data['protocol'])
    for name in ('port_range_min', 'port_range_max'):
        data[name] = _port_value(data[name])
    number = _protocol_number(data['protocol'])
    low, high = data['port_range_min'], data['port_range_max']
    if (low is not None or high is not None) and data['protocol'] is None:
        raise errors.SecurityGroupProtocolRequiredWithPorts()
    if number in PORT_PROTOCOLS:
        if low == 0 or high == 0:
            raise errors.SecurityGroupInvalidPortValue(port=0)
        if low is not None and high is not None and low > high:
            raise errors.SecurityGroupInvalidPortRange()
    elif number in ICMP_PROTOCOLS:
        for field, attr, value in (('type', 'port_range_min', low),
                                   ('code', 'port_range_max', high)):
            if value is not None and value > 255:
                raise errors.SecurityGroupInvalidIcmpValue(field=field, attr=attr,
                                                           value=value)
        if low is None and high is not None:
            raise errors.SecurityGroupMissingIcmpType(value=high)
    _check_remote(data)


def _ethertype(value):
    for known in ('IPv4', 'IPv6'):
        if isinstance(value, str) and value.lower() == known.lower():
            return known
    raise errors.bad_request("Invalid input for ethertype. Reason: '%s' is not in "
                             "['IPv4', 'IPv6']." % (value,))


def _protocol(value):
    if value is None or (isinstance(value, str) and value.lower() in ('', 'any')):
        return None
    if isinstance(value, str) and value.lower() in PROTOCOLS:
        return value.lower()
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if isinstance(value, bool) or not 0 <= number <= 255:
        raise errors.SecurityGroupRuleInvalidProtocol(
            protocol=value, values=sorted(PROTOCOLS) + [None])
    return str(number)


def _protocol_number(protocol):
    if protocol is None:
        return None
    return PROTOCOLS.get(protocol, None) if not protocol.isdigit() else int(protocol)


def _port_value(value):
    if value is None:
        return None
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise errors.SecurityGroupInvalidPortValue(port=value)
    if isinstance(value, bool) or not 0 <= port <= 65535:
        raise errors.SecurityGroupInvalidPortValue(port=value)
    return port


def _check_remote(data):
    prefix = data['remote_ip_prefix']
    if prefix is not None and data['remote_group_id'] is not None:
        raise errors.SecurityGroupRemoteGroupAndRemoteIpPrefix()
    if prefix is None:
        return
    try:
        net = netaddr.IPNetwork(prefix)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise errors.InvalidCIDR(input=prefix)
    if 'IPv%d' % net.version != data['ethertype']:
        raise errors.SecurityGroupRuleParameterConflict(ethertype=data['ethertype'],
                                                        cidr=prefix)
    data['remote_ip_prefix'] = str(net)
