"""The libvirt connection of one compute host (Nova's nova.virt.libvirt.host.Host).

The connection opens on first use and again after it broke; every libvirt call runs through
``call`` so that a slow hypervisor blocks a native thread, not the green hub. libvirt's
default error handler (which prints every error to stderr) is silenced: errors arrive as
``libvirt.libvirtError`` and are turned into novalite exceptions here.
"""
import logging
import threading

from novalite import concurrency
from novalite import exception

LOG = logging.getLogger(__name__)

try:
    import libvirt
except ImportError:  # the driver reports it when it is loaded
    libvirt = None


def require_libvirt():
    if libvirt is None:
        raise exception.VirtDriverError(
            reason='libvirt-python is not installed (pip install "novalite[libvirt]"; it '
                   'builds against the libvirt-dev and pkg-config system packages)')
    return libvirt


def _ignore(ctx, err):
    pass


class Host:

    def __init__(self, uri):
        require_libvirt()
        libvirt.registerErrorHandler(_ignore, None)
        self.uri = uri
        self._conn = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ connection
    def get_connection(self):
        with self._lock:
            conn = self._conn
            if conn is not None:
                try:
                    if conn.isAlive():
                        return conn
                except libvirt.libvirtError:
                    pass
                LOG.warning('Connection to libvirt %s broke; reconnecting', self.uri)
            try:
                self._conn = concurrency.native(libvirt.open, self.uri)
            except libvirt.libvirtError as exc:
                self._conn = None
                raise exception.VirtDriverError(
                    reason='cannot connect to libvirt at %s: %s' % (self.uri, _text(exc)))
            LOG.info('Connected to libvirt %s (%s %s)', self.uri, self._conn.getType(),
                     self._conn.getVersion())
            return self._conn

    def close(self):
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except libvirt.libvirtError:
                    pass
                self._conn = None

    def call(self, func, *args, what=None):
        """``func(*args)`` in a native thread; libvirt errors become VirtDriverError."""
        try:
            return concurrency.native(func, *args)
        except libvirt.libvirtError as exc:
            raise exception.VirtDriverError(
                reason='%s: %s' % (what or getattr(func, '__name__', 'libvirt'), _text(exc)))

    # ------------------------------------------------------------------ facts
    @property
    def is_test(self):
        """libvirt's in-process test hypervisor (test:///...)."""
        return self.get_connection().getType().upper() == 'TEST'

    def info(self):
        """[arch, memory MiB, cpus, MHz, NUMA nodes, sockets, cores, threads]."""
        return self.call(self.get_connection().getInfo)

    def hypervisor_type(self):
        return self.get_connection().getType()

    def hypervisor_version(self):
        return int(self.get_connection().getVersion())

    # ------------------------------------------------------------------ domains
    def lookup(self, uuid):
        """The domain of an instance uuid, or None."""
        conn = self.get_connection()
        try:
            return concurrency.native(conn.lookupByUUIDString, uuid)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                return None
            raise exception.VirtDriverError(reason='lookup of %s: %s' % (uuid, _text(exc)))

    def define(self, xml):
        return self.call(self.get_connection().defineXML, xml, what='defineXML')

    def list_domains(self):
        return self.call(self.get_connection().listAllDomains, 0, what='listAllDomains')

    def state(self, dom):
        """(virDomainState, reason)."""
        return self.call(dom.state, 0, what='state')

    def undefine(self, dom):
        """Undefine with its managed-save image and NVRAM, as far as the driver knows how."""
        flags = (libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
                 libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE
                 | getattr(libvirt, 'VIR_DOMAIN_UNDEFINE_NVRAM', 0))
        for flag in reversed(flags):
            try:
                return concurrency.native(dom.undefineFlags, flag)
            except libvirt.libvirtError as exc:
                if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                    return None
                last = exc
        try:
            return concurrency.native(dom.undefine)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:
                raise exception.VirtDriverError(reason='undefine: %s (%s)'
                                                % (_text(exc), _text(last)))


def _text(exc):
    return exc.get_error_message() or str(exc)
