"""POST /volumes/{id}/action: the volume actions (Cinder's volume_actions and admin_actions
extensions). Each row of ACTIONS names the handler, its body schema and its status code."""
from novalite import exception
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.volume import microversion as mv
from novalite.api.volume import query
from novalite.api.volume.schemas import volumes as schema
from novalite.volume import api as volume_api
from novalite.volume import types


class VolumeActionsController:

    def __init__(self, conf):
        self.conf = conf
        self.api = volume_api.API(conf)
        # action -> (handler, schema, status)
        self.actions = {
            'os-extend': (self._extend, schema.extend, 202),
            'os-reset_status': (self._reset_status, schema.reset_status, 202),
            'os-force_delete': (self._force_delete, schema.bare('os-force_delete'), 202),
            'os-set_bootable': (self._set_bootable, schema.set_bootable, 200),
            'os-update_readonly_flag': (self._readonly, schema.readonly, 202),
            'os-retype': (self._retype, schema.retype, 202),
            'os-volume_upload_image': (self._upload_image, None, 202),
            'os-reserve': (self._reserve, schema.bare('os-reserve'), 202),
            'os-unreserve': (self._unreserve, schema.bare('os-unreserve'), 202),
            'os-begin_detaching': (self._begin_detaching, schema.bare('os-begin_detaching'),
                                   202),
            'os-roll_detaching': (self._roll_detaching, schema.bare('os-roll_detaching'),
                                  202),
            'os-initialize_connection': (self._initialize_connection,
                                         schema.initialize_connection, 200),
            'os-terminate_connection': (self._terminate_connection,
                                        schema.terminate_connection, 202),
            'os-attach': (self._attach, schema.attach, 202),
            'os-detach': (self._detach, schema.detach, 202),
            'os-force_detach': (self._force_detach, schema.force_detach, 202),
            'os-reimage': (self._reimage, schema.reimage, 202),
            'revert': (self._revert, schema.revert, 202),
            'os-migrate_volume_completion': (self._migrate_volume_completion,
                                             schema.migrate_volume_completion, 200),
            'os-set_image_metadata': (self._set_image_metadata, schema.set_image_metadata,
                                      200),
            'os-unset_image_metadata': (self._unset_image_metadata,
                                        schema.unset_image_metadata, 200),
            'os-show_image_metadata': (self._show_image_metadata,
                                       schema.bare('os-show_image_metadata'), 200),
        }
        # the lowest microversion of an action (404 below it, as a route Cinder lacks)
        self.since = {'os-reimage': mv.REIMAGE, 'revert': mv.REVERT}

    def action(self, req, id, body):
        if not isinstance(body, dict) or len(body) != 1 or next(iter(body)) not in self.actions:
            raise exception.Invalid('There is no such action: %s'
                                    % (next(iter(body)) if isinstance(body, dict) and body
                                       else None))
        name = next(iter(body))
        if req.api_version < self.since.get(name, mv.MIN):
            raise exception.NotFound('The resource could not be found.')
        handler, schema_, status = self.actions[name]
        if name == 'os-volume_upload_image':
            schema_ = schema.upload_image_v31 if req.api_version >= mv.APIVersion('3.1') \
                else schema.upload_image
        validation.validate(schema_, body)
        volume = self.api.get(req.context, id)
        result = handler(req, volume, body[name] or {})
        return wsgi.ResponseObject(result, status=status)

    def _extend(self, req, volume, args):
        if volume['status'] == 'in-use' and req.api_version < mv.EXTEND_IN_USE:
            raise exception.Invalid("Invalid volume: Volume %s status must be 'available' "
                                    "to extend, currently %s." % (volume['id'],
                                                                  volume['status']))
        self.api.extend(req.context, volume, int(args['new_size']))

    def _reset_status(self, req, volume, args):
        from novalite.volume import states
        status = (args.get('status') or '').lower() or None
        attach = (args.get('attach_status') or '').lower() or None
        migration = (args.get('migration_status') or '').lower() or None
        if not (status or attach or migration):
            raise exception.Invalid('Must specify \'status\', \'attach_status\' or '
                                    '\'migration_status\' for update.')
        if status and status not in states.ALL:
            raise exception.Invalid("Invalid input for field/attribute status. Value: %s. "
                                    "%s is not a valid volume status" % (status, status))
        if attach and attach not in states.ATTACH_STATUSES:
            raise exception.Invalid("Invalid input for field/attribute attach_status. "
                                    "Value: %s. %s is not a valid attach status"
                                    % (attach, attach))
        self.api.reset_status(req.context, volume, status, attach, migration)

    def _force_delete(self, req, volume, args):
        self.api.force_delete(req.context, volume)

    def _set_bootable(self, req, volume, args):
        self.api.set_bootable(req.context, volume, query.boolean('bootable',
                                                                 args['bootable']))

    def _readonly(self, req, volume, args):
        self.api.update_readonly_flag(req.context, volume,
                                      query.boolean('readonly', args['readonly']))

    def _retype(self, req, volume, args):
        new_type = types.resolve(req.context, args['new_type'])
        self.api.retype(req.context, volume, new_type,
                        args.get('migration_policy') or 'never')

    def _upload_image(self, req, volume, args):
        force = query.boolean('force', args.get('force', False))
        meta = {'image_name': args['image_name'],
                'container_format': args.get('container_format') or 'bare',
                'disk_format': args.get('disk_format') or 'raw'}
        if 'visibility' in args:
            meta['visibility'] = args['visibility']
        if 'protected' in args:
            meta['protected'] = query.boolean('protected', args['protected'])
        image = self.api.copy_volume_to_image(req.context, volume, meta, force=force)
        from novalite.api.volume.views import volumes as views
        vtype = views._type(volume)
        body = {'id': volume['id'], 'updated_at': query.isotime(volume['updated_at']),
                'status': 'uploading', 'display_description': volume['display_description'],
                'size': volume['size'],
                'volume_type': _type_view(vtype),
                'image_id': image['id'], 'container_format': image['container_format'],
                'disk_format': image['disk_format'], 'image_name': image.get('name')}
        if req.api_version >= mv.APIVersion('3.1'):
            body['protected'] = image.get('protected', False)
            body['visibility'] = image.get('visibility')
        return {'os-volume_upload_image': body}

    def _reserve(self, req, volume, args):
        self.api.reserve_volume(req.context, volume)

    def _unreserve(self, req, volume, args):
        self.api.unreserve_volume(req.context, volume)

    def _begin_detaching(self, req, volume, args):
        self.api.begin_detaching(req.context, volume)

    def _roll_detaching(self, req, volume, args):
        self.api.roll_detaching(req.context, volume)

    def _initialize_connection(self, req, volume, args):
        connector = args['connector']
        if not isinstance(connector, dict):
            raise exception.Invalid('Invalid input received: connector must be an object')
        info = self.api.initialize_connection(req.context, volume, connector)
        return {'connection_info': info}

    def _terminate_connection(self, req, volume, args):
        connector = args['connector'] if isinstance(args['connector'], dict) else {}
        self.api.terminate_connection(req.context, volume, connector)

    def _attach(self, req, volume, args):
        self.api.attach(req.context, volume, args.get('instance_uuid'),
                        args.get('host_name'), args['mountpoint'], args.get('mode', 'rw'))

    def _detach(self, req, volume, args):
        self.api.detach(req.context, volume, (args or {}).get('attachment_id'))

    def _migrate_volume_completion(self, req, volume, args):
        new_volume = self.api.get(req.context, args['new_volume'])
        error = args.get('error') or False
        error = error if isinstance(error, bool) else query.boolean('error', error)
        return {'save_volume_id': self.api.migrate_volume_completion(
            req.context, volume, new_volume, error)}

    def _revert(self, req, volume, args):
        self.api.revert_to_snapshot(req.context, volume, args.get('snapshot_id'))

    def _reimage(self, req, volume, args):
        self.api.reimage(req.context, volume, args['image_id'],
                         query.boolean('reimage_reserved', args.get('reimage_reserved',
                                                                    False)))

    def _set_image_metadata(self, req, volume, args):
        return {'metadata': self.api.set_image_metadata(req.context, volume,
                                                        args['metadata'])}

    def _unset_image_metadata(self, req, volume, args):
        self.api.unset_image_metadata(req.context, volume, args['key'])

    def _show_image_metadata(self, req, volume, args):
        return {'metadata': self.api.get_image_metadata(req.context, volume)}

    def _force_detach(self, req, volume, args):
        from novalite import policy
        policy.authorize(req.context, 'volume_extension:volume_admin_actions:force_detach',
                         volume_api.target(volume))
        self.api.detach(req.context, volume, args.get('attachment_id'))


def _type_view(vtype):
    if not vtype:
        return None
    return {'id': vtype['id'], 'name': vtype['name'],
            'description': vtype.get('description'),
            'is_public': vtype.get('is_public', True),
            'extra_specs': vtype.get('extra_specs') or {},
            'qos_specs_id': None, 'deleted': False,
            'created_at': query.isotime(vtype.get('created_at')),
            'updated_at': query.isotime(vtype.get('updated_at')), 'deleted_at': None}
