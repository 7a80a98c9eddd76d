"""The image-backed server actions of POST /servers/{id}/action: createImage, createBackup,
shelve, shelveOffload, unshelve, rebuild, restore, forceDelete.

Mixed into ServerActionsController (its ACTIONS table in server_actions.py names them);
each handler is policy -> schema (per microversion) -> compute.api -> response.
"""
import binascii

from novalite import exception
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute import disk_config
from novalite.api.compute import servers
from novalite.api.compute.schemas import server_image_actions as schemas
from novalite.api.compute.views import servers as views
from novalite.compute import api as compute_api
from novalite.compute import security_groups
from novalite.conf import api as api_conf

MAX_IMAGE_META = 128   # Nova's image metadata limit (maxImageMeta)


class ImageActionsController:

    # ------------------------------------------------------------------ snapshots
    def _create_image(self, req, inst, body):
        self._authorize(req, 'os_compute_api:servers:create_image', inst)
        validation.validate(schemas.CREATE_IMAGE, {'createImage': body})
        metadata = body.get('metadata') or {}
        _check_image_metadata(metadata)
        image = self.compute_api.snapshot(req.context, inst, body['name'], metadata)
        return _image_response(req, self.conf, image['id'])

    def _create_backup(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-create-backup', inst)
        validation.validate(schemas.CREATE_BACKUP, {'createBackup': body})
        metadata = body.get('metadata') or {}
        _check_image_metadata(metadata)
        rotation = int(body['rotation'])
        image = self.compute_api.backup(req.context, inst, body['name'], body['backup_type'],
                                        rotation, metadata)
        if rotation == 0 and req.api_version < mv.IMAGE_ID_IN_BODY:
            return wsgi.ResponseObject(None, status=202)
        return _image_response(req, self.conf, image['id'])

    # ------------------------------------------------------------------ shelve
    def _shelve(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-shelve:shelve', inst)
        self.compute_api.shelve(req.context, inst)

    def _shelve_offload(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-shelve:shelve_offload', inst)
        self.compute_api.shelve_offload(req.context, inst)

    def _unshelve(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-shelve:unshelve', inst)
        schema = schemas.unshelve(req.api_version)
        if schema is not None:
            validation.validate(schema, {'unshelve': body})
        kwargs = {}
        if body and req.api_version >= mv.UNSHELVE_AZ and 'availability_zone' in body:
            kwargs['new_az'] = body['availability_zone']
        if body and req.api_version >= mv.UNSHELVE_HOST and body.get('host'):
            self._authorize(req, 'os_compute_api:os-shelve:unshelve_to_host', inst)
            kwargs['host'] = body['host']
        self.compute_api.unshelve(req.context, inst, **kwargs)

    # ------------------------------------------------------------------ rebuild
    def _rebuild(self, req, inst, body):
        self._authorize(req, 'os_compute_api:servers:rebuild', inst)
        validation.validate(schemas.rebuild(req.api_version), {'rebuild': body})
        kwargs = {}
        for key, name in (('name', 'name'), ('metadata', 'metadata'),
                          ('accessIPv4', 'access_ip_v4'), ('accessIPv6', 'access_ip_v6'),
                          ('description', 'description'), ('key_name', 'key_name'),
                          ('user_data', 'user_data'), ('hostname', 'hostname')):
            if key in body:
                kwargs[name] = body[key]
        if 'preserve_ephemeral' in body:
            kwargs['preserve_ephemeral'] = validation.to_bool(body['preserve_ephemeral'])
        disk_config.from_api(body, kwargs)
        if 'trusted_image_certificates' in body:
            self._authorize(req, 'os_compute_api:servers:rebuild:trusted_certs', inst)
            kwargs['trusted_certs'] = body['trusted_image_certificates']
        password = body.get('adminPass') or compute_api.generate_password()
        kwargs['reimage_boot_volume'] = req.api_version >= mv.REBUILD_VOLUME_BACKED
        inst = self.compute_api.rebuild(req.context, inst, body['imageRef'], password,
                                        _personality(body.get('personality')), **kwargs)
        view = _rebuild_view(req, self.conf, inst, password, self.compute_api.network)
        return wsgi.ResponseObject({'server': view}, status=202,
                                   headers={'Location': req.link('servers', inst['uuid'])})

    # ------------------------------------------------------------------ deferred delete
    def _restore(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-deferred-delete:restore', inst)
        self.compute_api.restore(req.context, inst)

    def _force_delete(self, req, inst, body):
        self._authorize(req, 'os_compute_api:os-deferred-delete:force', inst)
        self.compute_api.force_delete(req.context, inst)


def _image_response(req, conf, image_id):
    """202: below 2.45 a Location header with the image's URL, from 2.45 its id in the
    body (Nova's createImage / createBackup)."""
    if req.api_version >= mv.IMAGE_ID_IN_BODY:
        return wsgi.ResponseObject({'image_id': image_id}, status=202)
    location = '%s/image/images/%s' % (api_conf.public_url(conf), image_id)
    return wsgi.ResponseObject(None, status=202, headers={'Location': location})


def _rebuild_view(req, conf, inst, password, network):
    """Nova's rebuild answer: below 2.75 the update view (no extension fields, plain
    addresses) plus key_name from 2.54; never OS-EXT-SRV-ATTR:user_data, but user_data
    itself from 2.57; and the admin password."""
    version = req.api_version
    full = version >= mv.API_CLEANUP  # 2.75: the whole server view, host_status included
    host_status = servers.host_statuses(req, conf)(inst) if full else None
    groups = security_groups.bindings(network, req.context, [inst['uuid']]) if full else {}
    view = views.show(req, inst, host_status=host_status, minimal=not full,
                      security_groups=groups.get(inst['uuid']))
    view.pop('OS-EXT-SRV-ATTR:user_data', None)
    if version >= mv.REBUILD_KEY_NAME:
        view['key_name'] = inst['key_name']
    if version >= mv.NO_PERSONALITY:
        view['user_data'] = inst['user_data']
    view['adminPass'] = password
    return view


def _check_image_metadata(metadata):
    if len(metadata) > MAX_IMAGE_META:
        raise exception.Forbidden('Image metadata limit exceeded')


def _personality(files):
    """[(path, decoded contents)]; 400 for contents that are not base64."""
    result = []
    for item in files or []:
        path, contents = item.get('path', ''), item.get('contents', '')
        try:
            data = validation.b64decode(contents)
        except (binascii.Error, ValueError, TypeError):
            raise exception.Invalid('Personality content for %s cannot be decoded' % path)
        result.append((path, data))
    return result

