"""The fake backend: every volume is a file ``<state_dir>/volumes/volume-<id>`` (raw, sparse;
qcow2 through qemu-img where a format is asked), so attaching it to a libvirt domain works."""
import os
import shutil
import subprocess

from novalite.volume import errors

GiB = 1024 ** 3


class FakeBackend:
    name = 'fake'

    def __init__(self, conf):
        self.root = os.path.join(conf.state_dir, 'volumes')

    def path(self, volume_id):
        return os.path.join(self.root, 'volume-%s' % volume_id)

    def create(self, volume_id, size_gb, fmt='raw'):
        os.makedirs(self.root, exist_ok=True)
        path = self.path(volume_id)
        if fmt == 'raw':
            with open(path, 'wb') as f:
                f.truncate(size_gb * GiB)
        else:
            self._qemu_img('create', '-f', fmt, path, '%dG' % size_gb)
        return path

    def delete(self, volume_id):
        try:
            os.unlink(self.path(volume_id))
        except FileNotFoundError:
            pass

    def extend(self, volume_id, size_gb):
        with open(self.path(volume_id), 'r+b') as f:
            f.truncate(size_gb * GiB)

    def copy_from_file(self, volume_id, source, size_gb):
        """The volume's data from a file (an image, another volume), then grown to size."""
        os.makedirs(self.root, exist_ok=True)
        path = self.path(volume_id)
        shutil.copyfile(source, path)
        if os.path.getsize(path) < size_gb * GiB:
            self.extend(volume_id, size_gb)
        return path

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
            subprocess.run(('qemu-img',) + args, check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise errors.VolumeBackendError(reason=str(exc))


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
