"""/os-security-groups, /os-security-group-rules and /servers/{id}/os-security-groups:
Nova's security group proxy over the network service (the caller's token), served below
2.36 only (404 from 2.36, as Nova). Rules shown are the ingress ones, in Nova's shape."""
import ipaddress
import urllib.parse
import uuid as uuidlib

from novalite import exception
from novalite import policy
from novalite import service_client
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import proxy_common as proxy
from novalite.compute import api as compute_api

POLICY = 'os_compute_api:os-security-groups:%s'
# Nova's schema with Neutron behind it: name and description are strings of 0-255
# characters ("" included), nothing more is checked
_text = {'type': 'string', 'minLength': 0, 'maxLength': 255}
_group_body = {'type': 'object',
               'properties': {'security_group': {
                   'type': 'object', 'properties': {'name': _text, 'description': _text},
                   'required': ['name', 'description'], 'additionalProperties': True}},
               'required': ['security_group'], 'additionalProperties': True}
_rule_body = {'type': 'object',
              'properties': {'security_group_rule': {'type': 'object'}},
              'required': ['security_group_rule'], 'additionalProperties': False}


# what makes two rules the same (Neutron's duplicate check)
_RULE_KEYS = ('direction', 'ethertype', 'protocol', 'port_range_min', 'port_range_max',
              'remote_ip_prefix', 'remote_group_id')


def _not_found(group_id):
    return exception.SecurityGroupNotFound(security_group_id=group_id)


def _check_uuid(value, what='Security group'):
    try:
        uuidlib.UUID(str(value))
    except ValueError:
        raise exception.Invalid('%s id should be uuid' % what)


def rule_view(rule, groups):
    """Nova's view of an ingress rule; None when its remote group is gone (Nova leaves
    such a rule out)."""
    from_port, to_port = rule.get('port_range_min'), rule.get('port_range_max')
    protocol = rule.get('protocol')
    if protocol and from_port is None and to_port is None:
        from_port, to_port = (1, 65535) if protocol.lower() in ('tcp', 'udp') else (-1, -1)
    view = {'id': rule['id'], 'parent_group_id': rule['security_group_id'],
            'ip_protocol': protocol, 'from_port': from_port, 'to_port': to_port,
            'ip_range': {}, 'group': {}}
    if rule.get('remote_group_id'):
        remote = groups.get(rule['remote_group_id'])
        if remote is None:
            return None
        view['group'] = {'name': remote.get('name'),
                         'tenant_id': remote.get('project_id') or remote.get('tenant_id')}
    else:
        view['ip_range'] = {'cidr': rule.get('remote_ip_prefix') or '0.0.0.0/0'}
    return view


def group_view(sg, groups):
    rules = [rule_view(r, groups) for r in sg.get('security_group_rules') or []
             if r.get('direction') == 'ingress']
    return {'id': sg['id'], 'name': sg['name'], 'description': sg.get('description') or '',
            'tenant_id': sg.get('project_id') or sg.get('tenant_id'),
            'rules': [r for r in rules if r is not None]}


def _ports(protocol, from_port, to_port, given=None):
    """Nova's checks of a rule's ports for its protocol (tcp, udp or icmp); ``given`` is
    the protocol as the request spelled it (for the message)."""
    try:
        from_port, to_port = int(from_port), int(to_port)
    except (TypeError, ValueError):
        what = 'Type and Code' if protocol == 'icmp' else 'To and From ports'
        raise exception.InvalidInput(reason='%s must be integers' % what)
    if protocol == 'icmp':
        if not (-1 <= from_port <= 255 and -1 <= to_port <= 255):
            raise exception.Invalid('Invalid port range %s:%s. For ICMP, the type:code '
                                    'must be valid' % (from_port, to_port))
    elif protocol not in ('tcp', 'udp'):
        # Nova checks the protocol only once it has ports: tcp, udp or icmp, no numbers
        raise exception.Invalid('Invalid IP protocol %s.' % (given or protocol))
    elif from_port > to_port:
        raise exception.Invalid('Invalid port range %s:%s. Former value cannot be greater '
                                'than the later' % (from_port, to_port))
    elif from_port < 1 or to_port > 65535:
        raise exception.Invalid('Invalid port range %s:%s. Valid %s ports should be '
                                'between 1-65535' % (from_port, to_port, protocol.upper()))
    return from_port, to_port


def _cidr(cidr):
    """The rule's CIDR, checked, as given (Nova passes it on with its host bits; the
    network service adds the prefix length of a bare address)."""
    cidr = str(cidr or '0.0.0.0/0')
    try:
        net = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        raise exception.Invalid('Invalid cidr %s.' % cidr)
    address = cidr.split('/')[0]
    if net.prefixlen == 0 and address not in ('0.0.0.0', '::'):
        raise exception.Invalid('Bad prefix for network in cidr %s' % cidr)
    if '/' not in cidr:
        cidr = '%s/%d' % (address, net.max_prefixlen)
    return cidr, net.version


def _name_and_description(body):
    sg = body['security_group']
    return {'name': sg['name'], 'description': sg['description']}


class _Base(proxy.ProxyController):

    service = 'network'

    def _groups(self, req, **filters):
        query = urllib.parse.urlencode(filters, doseq=True)
        sgs = proxy.call(self.client, 'GET', '/v2.0/security-groups'
                         + ('?' + query if query else ''), req.context)['security_groups']
        return sgs

    def _group(self, req, id):
        _check_uuid(id)
        return proxy.call(self.client, 'GET', service_client.path('/v2.0/security-groups/%s', id),
                          req.context,
                          not_found=_not_found(id))['security_group']

    def _view(self, req, sgs):
        groups = {g['id']: g for g in self._groups(req)}
        return [group_view(sg, groups) for sg in sgs]


class SecurityGroupsController(_Base):

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def index(self, req):
        proxy.check_version(req)
        ctx = req.context
        policy.authorize(ctx, POLICY % 'get', {'project_id': ctx.project_id})
        sgs = self._groups(req)
        if not (ctx.is_admin and req.GET.get('all_tenants')):
            sgs = [sg for sg in sgs if sg.get('project_id') == ctx.project_id]
        return {'security_groups': self._view(req, sgs)}

    @validation.query(None)  # the proxy APIs are gone from 2.36 (404)
    def show(self, req, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'show', {'project_id': req.context.project_id})
        return {'security_group': self._view(req, [self._group(req, id)])[0]}

    def create(self, req, body):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'create',
                         {'project_id': req.context.project_id})
        validation.validate(_group_body, body)
        sg = proxy.call(self.client, 'POST', '/v2.0/security-groups', req.context,
                        json={'security_group': _name_and_description(body)}
                        )['security_group']
        return {'security_group': self._view(req, [sg])[0]}

    def update(self, req, id, body):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'update',
                         {'project_id': req.context.project_id})
        validation.validate(_group_body, body)
        values = _name_and_description(body)
        self._group(req, id)
        sg = proxy.call(self.client, 'PUT', service_client.path('/v2.0/security-groups/%s', id),
                        req.context,
                        json={'security_group': values},
                        not_found=_not_found(id))['security_group']
        return {'security_group': self._view(req, [sg])[0]}

    @wsgi.response(202)
    def delete(self, req, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'delete',
                         {'project_id': req.context.project_id})
        self._group(req, id)
        try:
            proxy.call(self.client, 'DELETE', service_client.path('/v2.0/security-groups/%s', id),
                       req.context,
                       not_found=_not_found(id))
        except exception.Conflict as exc:   # in use, or the default group: Nova's 400
            raise exception.Invalid(exc.format_message())


class SecurityGroupRulesController(_Base):

    def create(self, req, body):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'rule:create',
                         {'project_id': req.context.project_id})
        validation.validate(_rule_body, body)
        rule = body['security_group_rule']
        parent = rule.get('parent_group_id')
        if parent is None:
            raise exception.Invalid('Not enough parameters to build a valid rule.')
        group = self._group(req, parent)
        values = self._neutron_rule(req, rule)
        if any(all(r.get(k) == values.get(k) for k in _RULE_KEYS)
               for r in group.get('security_group_rules') or []):
            raise exception.SecurityGroupRuleExists(group_id=group['id'])
        try:
            created = proxy.call(self.client, 'POST', '/v2.0/security-group-rules',
                                 req.context, json={'security_group_rule': values},
                                 not_found=_not_found(parent))
        except exception.Conflict as exc:      # a racing duplicate, or over quota
            if 'already exists' in exc.format_message():
                raise exception.SecurityGroupRuleExists(group_id=group['id'])
            raise exception.SecurityGroupLimitExceeded(reason=exc.format_message())
        groups = {g['id']: g for g in self._groups(req)}
        return {'security_group_rule': rule_view(created['security_group_rule'], groups)}

    def _neutron_rule(self, req, rule):
        """Nova's _new_ingress_rule in Neutron's terms: a rule from a remote group may
        leave protocol and ports out (all of them); a CIDR rule needs both."""
        protocol = rule.get('ip_protocol')
        from_port, to_port = rule.get('from_port'), rule.get('to_port')
        values = {'security_group_id': rule['parent_group_id'], 'direction': 'ingress',
                  'ethertype': 'IPv4', 'protocol': None, 'port_range_min': None,
                  'port_range_max': None, 'remote_ip_prefix': None, 'remote_group_id': None}
        if protocol:
            protocol = str(protocol).lower()
        else:
            protocol = None
        group_id = rule.get('group_id')
        if group_id is not None:
            self._group(req, group_id)
            values['remote_group_id'] = group_id
            if from_port is None and to_port is None:
                from_port, to_port = {'icmp': (-1, -1), 'tcp': (1, 65535),
                                      'udp': (1, 65535)}.get(protocol, (None, None))
        else:
            values['remote_ip_prefix'], version = _cidr(rule.get('cidr'))
            values['ethertype'] = 'IPv6' if version == 6 else 'IPv4'
        if protocol is not None and from_port is not None and to_port is not None:
            from_port, to_port = _ports(protocol, from_port, to_port,
                                        str(rule.get('ip_protocol')))
            values['protocol'] = protocol
            if from_port != -1:
                values['port_range_min'] = from_port
            if to_port != -1:
                values['port_range_max'] = to_port
        elif group_id is None:
            raise exception.Invalid('Not enough parameters to build a valid rule.')
        return values

    @wsgi.response(202)
    def delete(self, req, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'rule:delete',
                         {'project_id': req.context.project_id})
        _check_uuid(id, 'Security group rule')
        proxy.call(self.client, 'DELETE', service_client.path('/v2.0/security-group-rules/%s', id),
                   req.context,
                   not_found=exception.SecurityGroupRuleNotFound(id=id))


class ServerSecurityGroupsController(_Base):
    """GET /servers/{id}/os-security-groups: not one of the proxies 2.36 removed (Nova's
    API reference lists it with the servers); served at every microversion."""

    def index(self, req, server_id):
        ctx = req.context
        inst = compute_api.get_instance(ctx, server_id)
        policy.authorize(ctx, POLICY % 'list', {'project_id': inst['project_id']})
        ports = proxy.call(self.client, 'GET',
                           service_client.path('/v2.0/ports?device_id=%s', inst['uuid']),
                           ctx)['ports']
        ids = []
        for port in ports:
            ids += [i for i in port.get('security_groups') or [] if i not in ids]
        groups = {g['id']: g for g in self._groups(req)}
        return {'security_groups': [group_view(groups[i], groups) for i in ids
                                    if i in groups]}
