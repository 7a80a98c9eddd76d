"""/os-security-groups, /os-security-group-rules and /servers/{id}/os-security-groups:
Nova's security group proxy over the network service (the caller's token), served below
2.36 only (404 from 2.36, as Nova). Rules shown are the ingress ones, in Nova's shape."""
import ipaddress
import urllib.parse
import uuid as uuidlib

from novalite import exception
from novalite import policy
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import proxy_common as proxy
from novalite.db import api as db_api

POLICY = 'os_compute_api:os-security-groups:%s'
_group_body = {'type': 'object',
               'properties': {'security_group': {'type': 'object'}},
               'required': ['security_group'], 'additionalProperties': False}
_rule_body = {'type': 'object',
              'properties': {'security_group_rule': {'type': 'object'}},
              'required': ['security_group_rule'], 'additionalProperties': False}


class SecurityGroupNotFound(exception.NotFound):
    msg_fmt = 'Security group %(id)s not found.'


class SecurityGroupRuleNotFound(exception.NotFound):
    msg_fmt = 'Security group rule %(id)s not found.'


def _check_uuid(value, what='Security group'):
    try:
        uuidlib.UUID(str(value))
    except ValueError:
        raise exception.Invalid('%s id should be uuid' % what)


def rule_view(rule, groups):
    from_port, to_port = rule.get('port_range_min'), rule.get('port_range_max')
    if rule.get('protocol') in ('icmp', 'ipv6-icmp', 'icmpv6'):
        from_port = -1 if from_port is None else from_port
        to_port = -1 if to_port is None else to_port
    view = {'id': rule['id'], 'parent_group_id': rule['security_group_id'],
            'ip_protocol': rule.get('protocol'), 'from_port': from_port, 'to_port': to_port,
            'ip_range': {}, 'group': {}}
    if rule.get('remote_group_id'):
        remote = groups.get(rule['remote_group_id'], {})
        view['group'] = {'name': remote.get('name'), 'tenant_id': remote.get('project_id')}
    elif rule.get('remote_ip_prefix'):
        view['ip_range'] = {'cidr': rule['remote_ip_prefix']}
    return view


def group_view(sg, groups):
    return {'id': sg['id'], 'name': sg['name'], 'description': sg.get('description') or '',
            'tenant_id': sg.get('project_id') or sg.get('tenant_id'),
            'rules': [rule_view(r, groups) for r in sg.get('security_group_rules') or []
                      if r.get('direction') == 'ingress']}


def _name_and_description(body):
    sg = body['security_group']
    for prop in ('name', 'description'):
        value = sg.get(prop)
        if not isinstance(value, str):
            raise exception.Invalid('Security group %s is not a string or unicode' % prop)
        if not value.strip():
            raise exception.Invalid('Security group %s should not be empty.' % prop)
        if len(value) > 255:
            raise exception.Invalid('Security group %s should not be greater than 255 '
                                    'characters.' % prop)
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
        return proxy.call(self.client, 'GET', '/v2.0/security-groups/%s' % id, req.context,
                          not_found=SecurityGroupNotFound(id=id))['security_group']

    def _view(self, req, sgs):
        groups = {g['id']: g for g in self._groups(req)}
        return [group_view(sg, groups) for sg in sgs]


class SecurityGroupsController(_Base):

    def index(self, req):
        proxy.check_version(req)
        ctx = req.context
        policy.authorize(ctx, POLICY % 'get', {'project_id': ctx.project_id})
        sgs = self._groups(req)
        if not (ctx.is_admin and req.GET.get('all_tenants')):
            sgs = [sg for sg in sgs if sg.get('project_id') == ctx.project_id]
        return {'security_groups': self._view(req, sgs)}

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
        sg = proxy.call(self.client, 'PUT', '/v2.0/security-groups/%s' % id, req.context,
                        json={'security_group': values},
                        not_found=SecurityGroupNotFound(id=id))['security_group']
        return {'security_group': self._view(req, [sg])[0]}

    @wsgi.response(202)
    def delete(self, req, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'delete',
                         {'project_id': req.context.project_id})
        self._group(req, id)
        try:
            proxy.call(self.client, 'DELETE', '/v2.0/security-groups/%s' % id, req.context,
                       not_found=SecurityGroupNotFound(id=id))
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
        self._group(req, parent)
        values = self._neutron_rule(req, rule)
        created = proxy.call(self.client, 'POST', '/v2.0/security-group-rules', req.context,
                             json={'security_group_rule': values})['security_group_rule']
        groups = {g['id']: g for g in self._groups(req)}
        return {'security_group_rule': rule_view(created, groups)}

    def _neutron_rule(self, req, rule):
        protocol = rule.get('ip_protocol')
        cidr, group_id = rule.get('cidr'), rule.get('group_id')
        values = {'security_group_id': rule['parent_group_id'], 'direction': 'ingress',
                  'ethertype': 'IPv4'}
        if protocol is not None:
            if str(protocol).lower() not in ('tcp', 'udp', 'icmp') \
                    and not str(protocol).isdigit():
                raise exception.Invalid('Invalid IP protocol %s.' % protocol)
            values['protocol'] = str(protocol).lower()
            try:
                from_port, to_port = int(rule.get('from_port')), int(rule.get('to_port'))
            except (TypeError, ValueError):
                raise exception.Invalid('Not enough parameters to build a valid rule.')
            if values['protocol'] == 'icmp':
                if from_port != -1:
                    values['port_range_min'] = from_port
                if to_port != -1:
                    values['port_range_max'] = to_port
            elif values['protocol'] in ('tcp', 'udp'):
                if not (1 <= from_port <= 65535 and 1 <= to_port <= 65535) \
                        or from_port > to_port:
                    raise exception.Invalid('Invalid port range %s:%s. Valid TCP ports '
                                            'should be between 1-65535' % (from_port,
                                                                           to_port))
                values.update(port_range_min=from_port, port_range_max=to_port)
        if group_id:
            self._group(req, group_id)
            values['remote_group_id'] = group_id
        else:
            cidr = cidr or '0.0.0.0/0'
            try:
                net = ipaddress.ip_network(cidr, strict=False)
            except ValueError:
                raise exception.Invalid('Invalid cidr %s.' % cidr)
            values['remote_ip_prefix'] = str(net)
            values['ethertype'] = 'IPv6' if net.version == 6 else 'IPv4'
        return values

    @wsgi.response(202)
    def delete(self, req, id):
        proxy.check_version(req)
        policy.authorize(req.context, POLICY % 'rule:delete',
                         {'project_id': req.context.project_id})
        _check_uuid(id, 'Security group rule')
        proxy.call(self.client, 'DELETE', '/v2.0/security-group-rules/%s' % id, req.context,
                   not_found=SecurityGroupRuleNotFound(id=id))


class ServerSecurityGroupsController(_Base):

    def index(self, req, server_id):
        proxy.check_version(req)
        ctx = req.context
        inst = db_api.instance_get(server_id, project_id=None if ctx.is_admin
                                   else ctx.project_id)
        policy.authorize(ctx, POLICY % 'list', {'project_id': inst['project_id']})
        ports = proxy.call(self.client, 'GET', '/v2.0/ports?device_id=%s' % inst['uuid'],
                           ctx)['ports']
        ids = []
        for port in ports:
            ids += [i for i in port.get('security_groups') or [] if i not in ids]
        groups = {g['id']: g for g in self._groups(req)}
        return {'security_groups': [group_view(groups[i], groups) for i in ids
                                    if i in groups]}
