"""ImagePropertiesFilter: the image's architecture / hypervisor type / vm mode properties
must be ones the host supports (Nova's filter over the host's supported_instances)."""
import platform

from novalite.scheduler import filters

# image properties the scheduler reads (the request spec carries only these)
SCHEDULER_PROPERTIES = ('hw_architecture', 'architecture', 'img_hv_type', 'hypervisor_type',
                        'hw_vm_mode', 'vm_mode', 'img_hv_requested_version',
                        'hypervisor_version_requires')
_ARCH_ALIASES = {'amd64': 'x86_64', 'x64': 'x86_64', 'x86-64': 'x86_64', 'i386': 'i686',
                 'i486': 'i686', 'i586': 'i686', 'arm64': 'aarch64', 'ppc64el': 'ppc64le'}
_HV_ALIASES = {'xapi': 'xen'}
_VM_MODE_ALIASES = {'hv': 'hvm', 'pv': 'xen', 'baremetal': 'hvm'}


def spec_properties(image):
    """The image properties a request spec carries for the scheduler (Glance v2 shows
    custom properties at the top level of the image)."""
    return {k: image[k] for k in SCHEDULER_PROPERTIES if image.get(k) not in (None, '')}


def canonical_arch(value):
    value = str(value).lower()
    return _ARCH_ALIASES.get(value, value)


def host_arch():
    return canonical_arch(platform.machine() or 'x86_64')


def _version_tuple(value):
    out = []
    for part in str(value).split('.'):
        try:
            out.append(int(part))
        except ValueError:
            break
    return tuple(out)


def _version_ok(requirement, version):
    """``>=6000`` / ``==2.1`` style requirements against the host's integer version."""
    requirement = str(requirement).strip()
    for op in ('>=', '<=', '==', '!=', '>', '<', '='):
        if requirement.startswith(op):
            wanted = _version_tuple(requirement[len(op):].strip())
            break
    else:
        op, wanted = '==', _version_tuple(requirement)
    have = _version_tuple(version)
    return {'>=': have >= wanted, '<=': have <= wanted, '==': have == wanted,
            '=': have == wanted, '!=': have != wanted, '>': have > wanted,
            '<': have < wanted}[op]


class ImagePropertiesFilter(filters.BaseHostFilter):
    """Passes hosts whose (architecture, hypervisor type, vm mode) matches the image's."""

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec):
        props = (spec.get('image') or {}).get('properties') or {}
        arch = props.get('hw_architecture') or props.get('architecture')
        hv_type = props.get('img_hv_type') or props.get('hypervisor_type')
        vm_mode = props.get('hw_vm_mode') or props.get('vm_mode')
        version = props.get('img_hv_requested_version') or \
            props.get('hypervisor_version_requires')
        if not (arch or hv_type or vm_mode or version):
            return True
        if version and not _version_ok(version, host_state.hypervisor_version):
            return False
        if not (arch or hv_type or vm_mode):
            return True
        for s_arch, s_hv, s_mode in host_state.supported_instances:
            if arch and canonical_arch(arch) != s_arch:
                continue
            if hv_type and _HV_ALIASES.get(hv_type.lower(), hv_type.lower()) != s_hv:
                continue
            if vm_mode and _VM_MODE_ALIASES.get(vm_mode.lower(), vm_mode.lower()) != s_mode:
                continue
            return True
        return False
