"""The fake backend: every volume is a file ``<state_dir>/volumes/volume-<id>`` (raw and
sparse, or qcow2 through qemu-img where a format is asked), so a libvirt domain can attach
it as a disk."""
import json
import os
import subprocess
import tempfile

from novalite import exception_volume as errors

GiB = 1024 ** 3


class FakeBackend:
    name = 'fake'

    def __init__(self, conf):
        self.root = os.path.join(conf.state_dir, 'volumes')

    def ensure_root(self):
        os.makedirs(self.root, exist_ok=True)
        return self.root

    def path(self, volume_id):
        return os.path.join(self.root, 'volume-%s' % volume_id)

    def create(self, volume_id, size_gb, fmt='raw'):
        self.ensure_root()
        path = self.path(volume_id)
        if fmt == 'raw':
            with open(path, 'wb') as f:
                f.truncate(size_gb * GiB)
        else:
            self._qemu_img('create', '-q', '-f', fmt, path, '%dG' % size_gb)
        return path

    def delete(self, volume_id):
        try:
            os.unlink(self.path(volume_id))
        except FileNotFoundError:
            pass

    def format(self, volume_id):
        """raw or qcow2 (read from the file's header)."""
        return _file_format(self.path(volume_id))

    def extend(self, volume_id, size_gb):
        if self.format(volume_id) == 'raw':
            with open(self.path(volume_id), 'r+b') as f:
                f.truncate(size_gb * GiB)
        else:
            self._qemu_img('resize', '-q', self.path(volume_id), '%dG' % size_gb)

    def copy_from_file(self, volume_id, source, size_gb):
        """The volume's data from another volume's (or a snapshot's) file, grown to size."""
        self.ensure_root()
        fmt = _file_format(source)
        # qemu-img keeps a sparse file sparse (a plain copy would write every zero)
        self._qemu_img('convert', '-q', '-f', fmt, '-O', fmt, source, self.path(volume_id))
        self._grow(volume_id, size_gb)
        return self.path(volume_id)

    def create_from_image(self, volume_id, source, disk_format, size_gb):
        """The volume from image data: converted to raw (qemu-img) unless it is raw."""
        self.ensure_root()
        path = self.path(volume_id)
        fmt = 'raw' if disk_format in (None, 'raw') else disk_format
        self._qemu_img('convert', '-q', '-f', fmt, '-O', 'raw', source, path)
        self._grow(volume_id, size_gb)
        return path

    def export(self, volume_id, disk_format):
        """A temporary copy of the volume in ``disk_format`` (for an image upload)."""
        fd, tmp = tempfile.mkstemp(prefix='upload-', dir=self.ensure_root())
        os.close(fd)
        try:
            self._qemu_img('convert', '-q', '-O', disk_format, self.path(volume_id), tmp)
        except Exception:
            os.unlink(tmp)
            raise
        return tmp

    def virtual_size(self, volume_id):
        if self.format(volume_id) == 'raw':
            return os.path.getsize(self.path(volume_id))
        out = self._qemu_img('info', '--output=json', self.path(volume_id))
        return json.loads(out)['virtual-size']

    def _grow(self, volume_id, size_gb):
        if self.virtual_size(volume_id) < size_gb * GiB:
            self.extend(volume_id, size_gb)

    def snapshot_path(self, snapshot_id):
        return os.path.join(self.root, 'snapshot-%s' % snapshot_id)

    def create_snapshot(self, snapshot_id, volume_id):
        """The snapshot: a sparse copy of the volume's file, ``snapshot-<id>``."""
        path = self.snapshot_path(snapshot_id)
        sparse_copy(self.path(volume_id), path)
        return path

    def delete_snapshot(self, snapshot_id):
        try:
            os.unlink(self.snapshot_path(snapshot_id))
        except FileNotFoundError:
            pass

    @staticmethod
    def _qemu_img(*args):
        try:
            return subprocess.run(('qemu-img',) + args, check=True, capture_output=True,
                                  text=True).stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, 'stderr', '') or str(exc)
            raise errors.VolumeBackendError(reason=detail.strip())


def _file_format(path):
    try:
        with open(path, 'rb') as f:
            return 'qcow2' if f.read(4) == b'QFI\xfb' else 'raw'
    except FileNotFoundError:
        return 'raw'


def sparse_copy(source, target, chunk=1 << 20):
    """Copy a file keeping its holes (only its data extents are read and written)."""
    size = os.path.getsize(source)
    with open(source, 'rb') as src, open(target + '.part', 'wb') as dst:
        offset = 0
        while offset < size:
            try:
                start = os.lseek(src.fileno(), offset, os.SEEK_DATA)
            except OSError:  # no more data: the rest is a hole
                break
            try:
                end = os.lseek(src.fileno(), start, os.SEEK_HOLE)
            except OSError:
                end = size
            src.seek(start)
            dst.seek(start)
            remaining = end - start
            while remaining > 0:
                data = src.read(min(chunk, remaining))
                if not data:
                    break
                dst.write(data)
                remaining -= len(data)
            offset = end
        dst.truncate(size)
    os.replace(target + '.part', target)
