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
        arch, hv_type, vm_mode, version = _requested(spec)
        if version and not _version_ok(version, host_state.hypervisor_version):
            return False
        if not (arch or hv_type or vm_mode):
            return True
        wanted = (arch and canonical_arch(arch),
                  hv_type and _HV_ALIASES.get(hv_type.lower(), hv_type.lower()),
                  vm_mode and _VM_MODE_ALIASES.get(vm_mode.lower(), vm_mode.lower()))
        return any(_supports(supported, wanted) for supported in host_state.supported_instances)


def _requested(spec):
    """The image's (architecture, hypervisor type, vm mode, hypervisor version), each under
    its current or its legacy name."""
    props = (spec.get('image') or {}).get('properties') or {}
    return (props.get('hw_architecture') or props.get('architecture'),
            props.get('img_hv_type') or props.get('hypervisor_type'),
            props.get('hw_vm_mode') or props.get('vm_mode'),
            props.get('img_hv_requested_version') or props.get('hypervisor_version_requires'))


def _supports(supported, wanted):
    """A host's (arch, hypervisor type, vm mode) triple against the image's; what the image
    does not ask for matches anything."""
    return all(not want or want == have for want, have in zip(wanted, supported))
