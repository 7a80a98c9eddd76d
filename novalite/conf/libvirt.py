"""Options of the libvirt virt driver (``[DEFAULT] compute_driver = libvirt``), named as Nova's."""
from oslo_config import cfg

libvirt_group = cfg.OptGroup('libvirt', title='Libvirt virt driver',
                             help='Used when [DEFAULT] compute_driver = libvirt.')

default_opts = [
    cfg.StrOpt('instances_path', default='$state_dir/instances',
               help='Where instance files live (disk, console.log, libvirt.xml), one '
                    'directory per instance uuid, and the image cache in _base/.'),
    cfg.BoolOpt('resume_guests_state_on_host_boot', default=False,
                help='At service start, start guests that the database says run but the '
                     'hypervisor has shut off (after a host reboot).'),
]

libvirt_opts = [
    cfg.StrOpt('virt_type', default='kvm', choices=['kvm', 'qemu'],
               help='Domain type: kvm (hardware acceleration) or qemu (software '
                    'emulation, TCG). A test:/// connection uses the type test.'),
    cfg.StrOpt('connection_uri', default='',
               help='Libvirt URI; empty means qemu:///system for kvm and qemu. '
                    'qemu:///session runs guests as the service user; test:///default is '
                    "libvirt's in-process test hypervisor (no daemon, used by the tests)."),
    cfg.StrOpt('images_type', default='qcow2', choices=['qcow2', 'raw'],
               help='Root disk format: qcow2 (an overlay on the cached image when qemu-img '
                    'is available, else a converted copy) or raw (a full copy).'),
    cfg.StrOpt('cpu_mode', choices=['host-model', 'host-passthrough', 'none'],
               help='Guest CPU model; unset means host-model for kvm and none for qemu.'),
    cfg.StrOpt('hw_machine_type',
               help='Machine type (e.g. pc, q35); unset lets libvirt choose.'),
    cfg.StrOpt('vif_type', default='ethernet',
               choices=['ethernet', 'bridge', 'network', 'user'],
               help="Guest interfaces: ethernet (a tap device tapXXXXXXXX-XX as Nova's "
                    'os-vif tap plugging makes; needs qemu:///system), bridge (attached to '
                    '[libvirt] vif_source), network (the libvirt network [libvirt] '
                    "vif_source) or user (QEMU's user-mode network; works unprivileged with "
                    'qemu:///session).'),
    cfg.StrOpt('vif_source', default='',
               help='Bridge (vif_type=bridge) or libvirt network (vif_type=network; empty '
                    'means "default") the interfaces attach to.'),
    cfg.BoolOpt('vnc_enabled', default=False,
                help='Give guests a VNC display listening on 127.0.0.1.'),
    cfg.IntOpt('shutdown_timeout', default=60, min=0,
               help='Seconds a stop waits for the guest OS to power off after an ACPI '
                    'shutdown before the domain is destroyed.'),
    cfg.IntOpt('wait_soft_reboot_seconds', default=120, min=0,
               help='Seconds a soft reboot waits for the guest to shut down before it '
                    'falls back to a hard reboot.'),
    cfg.StrOpt('admin_user', default='root',
               help='Guest user whose password changePassword sets through the QEMU guest '
                    'agent (the image property os_admin_user overrides it).'),
    cfg.BoolOpt('failure_injection', default=False,
                help='Honour the fake driver\'s failure-injection knobs (novalite:fail, '
                     'novalite:delay_<step>) on this driver too; for tests.'),
]


def register_opts(conf):
    conf.register_opts(default_opts)
    conf.register_group(cfg.OptGroup(libvirt_group.name, title=libvirt_group.title,
                                     help=libvirt_group.help))
    conf.register_opts(libvirt_opts, group=libvirt_group.name)


def list_opts():
    return {'DEFAULT': default_opts, libvirt_group: libvirt_opts}
