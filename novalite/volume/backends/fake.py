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

    @staticmethod
    def _qemu_img(*args):
        try:
            subprocess.run(('qemu-img',) + args, check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise errors.VolumeBackendError(reason=str(exc))
