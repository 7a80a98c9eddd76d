"""Volumes on a libvirt guest, mixed into LibvirtDriver (Nova's attach_volume /
detach_volume / swap_volume of the libvirt driver).

The volume's connection info names a file (or block device) on this host; it becomes a
``<disk>`` of the domain, attached with ``attachDeviceFlags`` (AFFECT_CONFIG, plus
AFFECT_LIVE while the guest runs or is paused), as interfaces are. Where the hypervisor has
no such call (libvirt's test driver) the persistent definition is redefined instead. The
attached volumes are also kept in ``<instances_path>/<uuid>/volumes.json`` so that a
regenerated domain (hard reboot, power on, unrescue, restart) keeps them.
"""
import json
import logging
import os

from novalite import exception
from novalite.compute import states
from novalite.virt.libvirt import config

LOG = logging.getLogger(__name__)


class LibvirtVolumeMixin:

    def _volumes_file(self, uuid):
        return self.disks.path(uuid, 'volumes.json')

    def _saved_volumes(self, uuid):
        """{target dev: {'connection_info', 'bus'}} of the guest's attached volumes."""
        try:
            with open(self._volumes_file(uuid)) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def _save_volumes(self, uuid, volumes):
        if not os.path.isdir(os.path.dirname(self._volumes_file(uuid))):
            return
        with open(self._volumes_file(uuid), 'w') as f:
            json.dump(volumes, f)

    def _save_block_device_info(self, uuid, block_device_info):
        """At spawn: the volumes the compute manager connected for the guest."""
        volumes = {}
        for entry in (block_device_info or {}).get('volumes') or []:
            dev = entry['mountpoint'].rsplit('/', 1)[-1]
            volumes[dev] = {'connection_info': entry['connection_info'],
                            'bus': entry.get('disk_bus') or 'virtio'}
        if volumes:
            self._save_volumes(uuid, volumes)

    def _volume_disks(self, uuid):
        """The attached volumes as disks of ``config.domain_xml``, by target dev."""
        disks = []
        for dev, entry in sorted(self._saved_volumes(uuid).items()):
            try:
                path, fmt = config.volume_path(entry['connection_info'])
            except (KeyError, ValueError):
                continue
            disks.append({'path': path, 'format': fmt, 'dev': dev,
                          'bus': entry.get('bus') or 'virtio'})
        return disks

    def attach_volume(self, context, connection_info, instance, mountpoint, disk_bus=None,
                      device_type=None):
        self._inject('attach_volume', instance)
        dom = self._domain(instance)
        dev = mountpoint.rsplit('/', 1)[-1]
        try:
            disk = config.volume_disk_xml(connection_info, dev, disk_bus or 'virtio')
        except ValueError as exc:
            raise exception.VirtDriverError(reason=str(exc))
        inactive = self.hyp.call(dom.XMLDesc, self._lv.VIR_DOMAIN_XML_INACTIVE,
                                 what='XMLDesc')
        if config.disk_by_target(inactive, dev):
            raise exception.VirtDriverError(reason='device %s of %s is in use'
                                            % (mountpoint, instance['uuid']))
        live = self._state(dom) in (states.RUNNING, states.PAUSED_POWER)
        if not self._change_device(dom, 'attachDeviceFlags', disk, live):
            self._redefine(dom, lambda xml: config.with_disk(xml, disk))
        self._edit_saved_xml(instance, lambda xml: config.with_disk(
            config.without_disk(xml, dev), disk))
        volumes = self._saved_volumes(instance['uuid'])
        volumes[dev] = {'connection_info': connection_info, 'bus': disk_bus or 'virtio'}
        self._save_volumes(instance['uuid'], volumes)
        self._console(instance, 'virtio disk %s attached' % dev)

    def detach_volume(self, context, connection_info, instance, mountpoint):
        self._inject('detach_volume', instance)
        dev = mountpoint.rsplit('/', 1)[-1]
        dom = self.hyp.lookup(instance['uuid'])
        if dom is not None:
            running = self._state(dom) in (states.RUNNING, states.PAUSED_POWER)
            live = running and config.disk_by_target(
                self.hyp.call(dom.XMLDesc, 0, what='XMLDesc'), dev)
            persistent = config.disk_by_target(self.hyp.call(
                dom.XMLDesc, self._lv.VIR_DOMAIN_XML_INACTIVE, what='XMLDesc'), dev)
            if not (live or persistent):
                LOG.warning('Detaching volume %s of %s: the device is no longer found on '
                            'the guest', dev, instance['uuid'])
            elif not self._change_device(dom, 'detachDeviceFlags', live or persistent,
                                         bool(live)):
                self._redefine(dom, lambda text: config.without_disk(text, dev))
        self._edit_saved_xml(instance, lambda text: config.without_disk(text, dev))
        volumes = self._saved_volumes(instance['uuid'])
        if volumes.pop(dev, None) is not None:
            self._save_volumes(instance['uuid'], volumes)

    def swap_volume(self, context, old_connection_info, new_connection_info, instance,
                    mountpoint):
        """The new volume takes the old one's place at ``mountpoint`` (Nova copies the
        data with a block rebase; here the disk is re-pointed, the block-storage
        migration having copied the data)."""
        self._inject('swap_volume', instance)
        self.detach_volume(context, old_connection_info, instance, mountpoint)
        self.attach_volume(context, new_connection_info, instance, mountpoint)
