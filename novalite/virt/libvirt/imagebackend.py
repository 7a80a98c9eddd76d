"""Instance directories, the image cache and disk files (Nova's imagebackend/imagecache).

``<instances_path>/_base/<image id>`` holds each image's bytes once, downloaded from the
image service as the service user; ``<instances_path>/<uuid>/`` holds an instance's
``disk`` (a qcow2 overlay backed by the cached image when qemu-img is installed, else a
copy), ``disk.local``/``disk.swap`` for the flavor's ephemeral and swap space (sparse raw),
``disk.rescue`` while rescued, ``console.log`` and a copy of the domain XML.
"""
import logging
import os
import shutil
import struct
import subprocess
import threading

import requests

from novalite import exception
from novalite import service_client

LOG = logging.getLogger(__name__)
GiB = 1024 ** 3
_QCOW2_MAGIC = b'QFI\xfb'


def detect_format(path):
    """'qcow2' for a qcow2 header, else 'raw'."""
    with open(path, 'rb') as f:
        return 'qcow2' if f.read(4) == _QCOW2_MAGIC else 'raw'


def virtual_size(path):
    """The disk's size as the guest sees it: the qcow2 header's, or the file's."""
    with open(path, 'rb') as f:
        head = f.read(32)
    if len(head) >= 32 and head[:4] == _QCOW2_MAGIC:
        return struct.unpack('>Q', head[24:32])[0]
    return os.path.getsize(path)


def qemu_img():
    return shutil.which('qemu-img')


def _run(*args):
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise exception.VirtDriverError(reason='%s failed: %s' % (' '.join(args[:2]),
                                                                   proc.stderr.strip()))


class Disks:

    def __init__(self, conf, auth=None):
        self.conf = conf
        self.root = conf.instances_path
        self._auth = auth
        self._fetch_locks = {}
        self._guard = threading.Lock()

    # ------------------------------------------------------------------ paths
    def instance_dir(self, uuid):
        return os.path.join(self.root, uuid)

    def path(self, uuid, name='disk'):
        return os.path.join(self.instance_dir(uuid), name)

    def console_log(self, uuid):
        return self.path(uuid, 'console.log')

    def ensure_dir(self, uuid):
        os.makedirs(self.instance_dir(uuid), exist_ok=True)
        return self.instance_dir(uuid)

    def remove(self, uuid):
        shutil.rmtree(self.instance_dir(uuid), ignore_errors=True)

    # ------------------------------------------------------------------ image cache
    def _lock_for(self, image_id):
        with self._guard:
            return self._fetch_locks.setdefault(image_id, threading.Lock())

    def cached_image(self, image_id):
        """The image's bytes in the cache, downloaded once (concurrent boots wait)."""
        base_dir = os.path.join(self.root, '_base')
        os.makedirs(base_dir, exist_ok=True)
        path = os.path.join(base_dir, image_id)
        with self._lock_for(image_id):
            if not os.path.exists(path):
                self._download(image_id, path)
        return path

    def _auth_client(self):
        if self._auth is None:
            self._auth = service_client.ServiceAuth(self.conf)
        return self._auth

    def _download(self, image_id, dest):
        auth = self._auth_client()
        url = auth.endpoint('image') + service_client.path('/v2/images/%s/file', image_id)
        part = dest + '.part'
        try:
            with service_client.http().get(url, stream=True,
                                           timeout=self.conf.service_user.timeout,
                                           headers={'X-Auth-Token': auth.token()}) as resp:
                if resp.status_code == 404:
                    raise exception.ImageNotFound(image_id=image_id)
                if resp.status_code == 204 or resp.status_code >= 300:
                    raise exception.VirtDriverError(
                        reason='image %s has no data (%s)' % (image_id, resp.status_code))
                with open(part, 'wb') as f:
                    for chunk in resp.iter_content(1024 * 1024):
                        f.write(chunk)
        except requests.RequestException as exc:
            raise exception.ServiceUnavailable(reason='image: %s' % exc)
        except BaseException:
            if os.path.exists(part):
                os.unlink(part)
            raise
        os.replace(part, dest)
        LOG.info('Cached image %s (%d bytes)', image_id, os.path.getsize(dest))

    # ------------------------------------------------------------------ disks
    def create_from_image(self, uuid, image_id, root_gb, name='disk'):
        """The root (or rescue) disk from an image; returns {'path', 'format'}."""
        self.ensure_dir(uuid)
        base = self.cached_image(image_id)
        base_format = detect_format(base)
        path = self.path(uuid, name)
        size = int(root_gb or 0) * GiB
        if size and size < virtual_size(base):
            raise exception.VirtDriverError(
                reason="Flavor's disk is too small for requested image. Flavor disk is %d "
                       "bytes, image is %d bytes." % (size, virtual_size(base)))
        grow = size if size > virtual_size(base) else None
        wanted = self.conf.libvirt.images_type
        tool = qemu_img()
        if tool and wanted == 'qcow2':
            args = [tool, 'create', '-q', '-f', 'qcow2', '-b', base, '-F', base_format, path]
            _run(*(args + ([str(grow)] if grow else [])))
            return {'path': path, 'format': 'qcow2'}
        if tool and base_format != wanted:
            _run(tool, 'convert', '-q', '-f', base_format, '-O', wanted, base, path)
        else:
            shutil.copyfile(base, path)
        fmt = wanted if tool else base_format
        if grow and tool:
            _run(tool, 'resize', '-q', '-f', fmt, path, str(grow))
        elif grow and fmt == 'raw':
            os.truncate(path, grow)
        return {'path': path, 'format': fmt}

    def create_blank(self, uuid, name, size_gb):
        """A sparse raw disk of ``size_gb`` GiB (ephemeral, swap, or a root without image)."""
        self.ensure_dir(uuid)
        path = self.path(uuid, name)
        if not os.path.exists(path):
            with open(path, 'wb') as f:
                f.truncate(max(int(size_gb or 0), 1) * GiB)
        return {'path': path, 'format': 'raw'}

    def resize(self, path, fmt, size_gb):
        """Grow a disk to ``size_gb`` GiB (never shrinks, as Nova)."""
        size = int(size_gb or 0) * GiB
        if not size or size <= virtual_size(path):
            return
        tool = qemu_img()
        if tool:
            _run(tool, 'resize', '-q', '-f', fmt, path, str(size))
        elif fmt == 'raw':
            os.truncate(path, size)
        else:
            LOG.warning('qemu-img is not installed: %s keeps its size', path)

    def flatten(self, path, fmt, dest):
        """A standalone copy of a disk (its backing file merged in) for a snapshot."""
        tool = qemu_img()
        if tool:
            _run(tool, 'convert', '-q', '-f', fmt, '-O', fmt, path, dest)
        else:
            shutil.copyfile(path, dest)
        return dest


def copy_tree(src, dst):
    """Copy an instance directory keeping sparse files sparse (cp --sparse=always)."""
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        path = os.path.join(src, name)
        if os.path.isfile(path):
            _run('cp', '--sparse=always', '-p', path, os.path.join(dst, name))
