"""Server views: the fields Nova returns, per microversion and per role."""
import hashlib

from novalite.api import microversion as mv
from novalite.api.compute import disk_config
from novalite.api.compute import views
from novalite.api.compute.views import flavors as flavor_views
from novalite.api.compute.views import server_extras as extras
from novalite.api.compute.views import volumes as volume_views
from novalite.compute import states
from novalite.db import block_devices
from novalite.network import api as network_api


def _ts(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def _usec(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f') if value else None


def host_id(inst):
    if not inst['host']:
        return ''
    return hashlib.sha224((inst['project_id'] + inst['host']).encode()).hexdigest()


def links(req, inst):
    return [{'rel': 'self', 'href': req.link('servers', inst['uuid'])},
            {'rel': 'bookmark', 'href': req.bookmark('servers', inst['uuid'])}]


def basic(req, inst):
    return {'id': inst['uuid'], 'name': inst['display_name'], 'links': links(req, inst)}


def addresses(inst):
    return {label: [{'version': ip['version'], 'addr': ip['address'],
                     'OS-EXT-IPS:type': ip.get('type', 'fixed'),
                     'OS-EXT-IPS-MAC:mac_addr': vif['address']} for vif, ip in entries]
            for label, entries in network_api.addresses_by_label(inst.get('network_info'))}


def _image(req, inst):
    if not inst['image_ref']:
        return ''
    view = {'id': inst['image_ref'],
            'links': [{'rel': 'bookmark', 'href': req.bookmark('images', inst['image_ref'])}]}
    if req.api_version >= mv.IMAGE_PROPERTIES:
        view['properties'] = extras.image_properties(inst)
    return view


def _flavor(req, inst):
    flavor = inst['flavor']
    if req.api_version >= mv.FLAVOR_EMBEDDED:
        return flavor_views.embedded({
            'vcpus': flavor['vcpus'], 'memory_mb': flavor['memory_mb'],
            'root_gb': flavor['root_gb'], 'ephemeral_gb': flavor['ephemeral_gb'],
            'swap': flavor['swap'], 'name': flavor['name'],
            'extra_specs': flavor.get('extra_specs')},
            with_extra_specs=flavor_views.extra_specs_visible(req))
    return {'id': inst['flavor_id'],
            'links': [{'rel': 'bookmark', 'href': req.bookmark('flavors', inst['flavor_id'])}]}


def _fault(fault, is_admin):
    if not fault:
        return None
    view = {'code': fault['code'], 'created': _ts(fault['created_at']),
            'message': fault['message']}
    if fault.get('details') and (is_admin or fault['code'] != 500):
        view['details'] = fault['details']
    return view


def show(req, inst, fault=None, host_status=None, minimal=False, in_list=False,
         security_groups=None):
    """The server as GET /servers/{id} shows it; ``in_list`` for GET /servers/detail (no
    server_groups), ``minimal`` for PUT below 2.75 (Nova's update view: no extension
    fields); ``security_groups`` the names of its ports' groups (compute/security_groups.py
    ``bindings``). One builder per section, in the order Nova's view has them."""
    status = states.status_from_state(inst['vm_state'], inst['task_state'])
    view = _core(req, inst, status)
    view.update(_progress(inst, status))
    view.update(_security_groups(security_groups))
    view.update(_server_attributes(req, inst))
    view.update(_versioned(req, inst, host_status))
    view.update(_fault_section(req, fault, status))
    extras.extend(req, inst, view, in_list)
    if minimal:
        extras.strip_to_update_view(view)
    return view


def _core(req, inst, status):
    """What every microversion shows."""
    return {
        'id': inst['uuid'], 'name': inst['display_name'], 'status': status,
        'tenant_id': inst['project_id'], 'user_id': inst['user_id'],
        'metadata': dict(inst['instance_metadata'] or {}), 'hostId': host_id(inst),
        'image': _image(req, inst), 'flavor': _flavor(req, inst),
        'created': _ts(inst['created_at']),
        'updated': _ts(inst['updated_at'] or inst['created_at']),
        'addresses': addresses(inst),
        'accessIPv4': inst['access_ip_v4'] or '', 'accessIPv6': inst['access_ip_v6'] or '',
        'links': links(req, inst),
        disk_config.API_DISK_CONFIG: disk_config.to_api(inst),
        'OS-EXT-AZ:availability_zone': inst['availability_zone'] or (
            'nova' if inst['host'] else ''),
        'config_drive': inst['config_drive'] or '',
        'key_name': inst['key_name'],
        'OS-SRV-USG:launched_at': _usec(inst['launched_at']),
        'OS-SRV-USG:terminated_at': _usec(inst['terminated_at']),
        'OS-EXT-STS:task_state': inst['task_state'],
        'OS-EXT-STS:vm_state': inst['vm_state'],
        'OS-EXT-STS:power_state': inst['power_state'],
        'os-extended-volumes:volumes_attached': volume_views.volumes_attached(
            req, _bdms(inst)),
    }


def prefetch_volumes(instances):
    """Load the block device mappings of many servers at once (a detail list)."""
    found = block_devices.get_by_instances([i['uuid'] for i in instances])
    for inst in instances:
        inst['_bdms'] = found.get(inst['uuid'], [])


def _bdms(inst):
    if '_bdms' not in inst:
        inst['_bdms'] = block_devices.get_by_instance(inst['uuid'])
    return inst['_bdms']


def _progress(inst, status):
    if status in states.PROGRESS_STATUSES:
        return {'progress': inst['progress'] or 0}
    return {}


def _security_groups(names):
    """Read from the server's ports (Nova's view); absent when they have none."""
    if names:
        return {'security_groups': [{'name': name} for name in names]}
    return {}


def _server_attributes(req, inst):
    """OS-EXT-SRV-ATTR, for those the policy lets see them (admins by default)."""
    if not views.allowed(req, 'os_compute_api:os-extended-server-attributes',
                         inst['project_id']):
        return {}
    view = {
        'OS-EXT-SRV-ATTR:host': inst['host'],
        'OS-EXT-SRV-ATTR:instance_name': 'instance-%08x' % inst['id'],
        'OS-EXT-SRV-ATTR:hypervisor_hostname': inst['node'],
    }
    if req.api_version >= mv.EXTENDED_ATTRS_MORE:
        view.update({
            'OS-EXT-SRV-ATTR:reservation_id': inst['reservation_id'],
            'OS-EXT-SRV-ATTR:launch_index': inst['launch_index'],
            'OS-EXT-SRV-ATTR:hostname': inst['hostname'],
            'OS-EXT-SRV-ATTR:kernel_id': _boot_image_id(inst, 'kernel_id'),
            'OS-EXT-SRV-ATTR:ramdisk_id': _boot_image_id(inst, 'ramdisk_id'),
            'OS-EXT-SRV-ATTR:root_device_name': inst['root_device_name'],
            'OS-EXT-SRV-ATTR:user_data': inst['user_data'],
        })
    return view


def _boot_image_id(inst, name):
    """The image's kernel_id / ramdisk_id property; "" without one (Nova stores
    ``kernel_id or ''``, and "nokernel" means none)."""
    sysmeta = extras.sysmeta(inst)
    if sysmeta.get('image_kernel_id') == 'nokernel':
        return ''
    return sysmeta.get('image_' + name) or ''


def _versioned(req, inst, host_status):
    """The fields 2.9 to 2.26 add (later ones are in views/server_extras.py)."""
    version, view = req.api_version, {}
    if version >= mv.LOCKED_IN_VIEW:
        view['locked'] = bool(inst['locked'])
    if version >= mv.HOST_STATUS and host_status is not None:
        view['host_status'] = host_status
    if version >= mv.DESCRIPTION:
        view['description'] = inst['display_description']
    if version >= mv.SERVER_TAGS:
        view['tags'] = list(inst['tags'] or [])
    return view


def _fault_section(req, fault, status):
    fault_view = _fault(fault, req.context.is_admin)
    if fault_view and status in ('ERROR', 'DELETED'):
        return {'fault': fault_view}
    return {}
