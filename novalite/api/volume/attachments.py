"""/attachments (3.27+): list (summary, detail, filters), show, create (reserve, or reserve
and connect), update (connect), os-complete (3.44), delete (Cinder's attachments API)."""
from novalite import exception
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.volume import microversion as mv
from novalite.api.volume import query
from novalite.api.volume.schemas import attachments as schema
from novalite.api.volume.views import volumes as views
from novalite.volume import api as volume_api

# Cinder's allowed_filters; instance_id names the server
FILTERS = {'volume_id': 'volume_id', 'status': 'attach_status',
           'attach_status': 'attach_status', 'instance_id': 'instance_uuid'}


def _check_version(req, gate=mv.ATTACHMENTS):
    if req.api_version < gate:
        raise exception.NotFound('The resource could not be found.')


class AttachmentsController:

    def __init__(self, conf):
        self.conf = conf
        self.api = volume_api.API(conf)

    def index(self, req):
        return {'attachments': [views.attachment_summary(a) for a in self._items(req)]}

    def detail(self, req):
        return {'attachments': [views.attachment_detail(a) for a in self._items(req)]}

    def _items(self, req):
        _check_version(req)
        params = query.params(req)
        marker, limit, offset = query.pagination(params)
        query.sort(params)
        all_projects = req.context.is_admin and query.boolean(
            'all_tenants', params.pop('all_tenants', False))
        filters = {FILTERS[k]: v for k, v in params.items() if k in FILTERS}
        return self.api.attachment_list(req.context, all_projects=all_projects,
                                        filters=filters, limit=limit, marker=marker,
                                        offset=offset)

    def show(self, req, id):
        _check_version(req)
        attachment = self.api.attachment_get(req.context, id)
        return {'attachment': views.attachment_detail(attachment)}

    def create(self, req, body):
        _check_version(req)
        with_mode = req.api_version >= mv.ATTACHMENT_MODE
        validation.validate(schema.create_v354 if with_mode else schema.create, body)
        args = body['attachment']
        volume = self.api.get(req.context, args['volume_uuid'])
        attachment = self.api.attachment_create(
            req.context, volume, args.get('instance_uuid'), connector=args.get('connector'),
            mode=args.get('mode', 'null') if with_mode else 'null')
        return {'attachment': views.attachment_detail(attachment)}

    def update(self, req, id, body):
        _check_version(req)
        validation.validate(schema.update, body)
        attachment = self.api.attachment_get(req.context, id)
        updated = self.api.attachment_update(req.context, attachment,
                                             body['attachment']['connector'])
        return {'attachment': views.attachment_detail(updated)}

    def delete(self, req, id):
        _check_version(req)
        attachment = self.api.attachment_get(req.context, id)
        remaining = self.api.attachment_delete(req.context, attachment)
        return {'attachments': [views.attachment_summary(a) for a in remaining]}

    @wsgi.response(204)
    def action(self, req, id, body):
        _check_version(req, mv.ATTACHMENT_COMPLETE)
        validation.validate(schema.complete, body)
        attachment = self.api.attachment_get(req.context, id)
        self.api.attachment_complete(req.context, attachment)
