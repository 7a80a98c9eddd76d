"""os-aggregates: host aggregates (admin): CRUD, add_host/remove_host, set_metadata, and the
2.81 image cache request. ``availability_zone`` metadata makes the hosts an availability
zone (novalite/compute/aggregates.py has the rules)."""
from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.api.compute.schemas import aggregates as schemas
from novalite.compute import aggregates as aggregate_api

POLICY = 'os_compute_api:os-aggregates:%s'
IMAGES_POLICY = 'compute:aggregates:images'


def _id(id):
    try:
        int(id)
    except (TypeError, ValueError):
        raise exception.InvalidInput(reason='id must be an integer')
    try:
        return validation.db_int(id)
    except ValueError:  # no aggregate has it (Nova's lookup finds none)
        raise exception.NotFound('Aggregate %s could not be found.' % id)


def _ts(value):
    return value.isoformat() if value is not None else None


def view(req, agg, hosts_and_metadata=True):
    out = {'availability_zone': agg['availability_zone'], 'created_at': _ts(agg['created_at']),
           'deleted': False, 'deleted_at': None, 'id': agg['id'], 'name': agg['name'],
           'updated_at': _ts(agg['updated_at'])}
    if hosts_and_metadata:
        out['hosts'] = list(agg['hosts'])
        out['metadata'] = dict(agg['metadata'])
    if req.api_version >= mv.AGGREGATE_UUID:
        out['uuid'] = agg['uuid']
    return out


class AggregatesController:

    def __init__(self, conf):
        self.conf = conf
        self.actions = {'add_host': self._add_host, 'remove_host': self._remove_host,
                        'set_metadata': self._set_metadata}

    def index(self, req):
        policy.authorize(req.context, POLICY % 'index', {})
        return {'aggregates': [view(req, a) for a in aggregate_api.list_aggregates()]}

    def create(self, req, body):
        policy.authorize(req.context, POLICY % 'create', {})
        validation.validate(schemas.create_v20 if req.legacy_v2 else schemas.create, body)
        params = body['aggregate']
        zone = params.get('availability_zone')
        agg = aggregate_api.create(self.conf, params['name'].strip(),
                                   zone.strip() if zone else None)
        # as Nova: the create answer (200) has neither hosts nor metadata
        return {'aggregate': view(req, agg, hosts_and_metadata=False)}

    def show(self, req, id):
        policy.authorize(req.context, POLICY % 'show', {})
        return {'aggregate': view(req, aggregate_api.get(_id(id)))}

    def update(self, req, id, body):
        policy.authorize(req.context, POLICY % 'update', {})
        validation.validate(schemas.update_v20 if req.legacy_v2 else schemas.update, body)
        values = dict(body['aggregate'])
        if 'name' in values:
            values['name'] = values['name'].strip()
        return {'aggregate': view(req, aggregate_api.update(self.conf, _id(id), values))}

    def delete(self, req, id):
        policy.authorize(req.context, POLICY % 'delete', {})
        aggregate_api.delete(self.conf, _id(id))
        return wsgi.ResponseObject(None, status=200)

    def action(self, req, id, body):
        if not isinstance(body, dict) or len(body) != 1:
            raise exception.Invalid('Malformed request body')
        name = next(iter(body))
        if name not in self.actions:
            raise exception.Invalid('There is no such action: %s' % name)
        return self.actions[name](req, id, body)

    @wsgi.response(202)
    def images(self, req, id, body):
        """2.81: ask the aggregate's hosts to cache images (nothing to cache here)."""
        if req.api_version < mv.AGGREGATE_IMAGES:
            raise exception.NotFound('The resource could not be found.')
        policy.authorize(req.context, IMAGES_POLICY, {})
        aggregate_id = _id(id)
        validation.validate(schemas.images, body)
        ids = [i['id'] for i in body['cache']]
        if len(ids) != len(set(ids)):
            raise exception.Invalid('Duplicate images in request')
        aggregate_api.get(aggregate_id)

    # ------------------------------------------------------------------ actions
    def _add_host(self, req, id, body):
        policy.authorize(req.context, POLICY % 'add_host', {})
        validation.validate(schemas.add_host, body)
        agg = aggregate_api.add_host(self.conf, _id(id), body['add_host']['host'])
        return {'aggregate': view(req, agg)}

    def _remove_host(self, req, id, body):
        policy.authorize(req.context, POLICY % 'remove_host', {})
        validation.validate(schemas.remove_host, body)
        host = body['remove_host']['host']
        aggregate_id = _id(id)
        try:
            agg = aggregate_api.remove_host(self.conf, aggregate_id, host)
        except exception.NotFound:
            raise exception.NotFound('Cannot remove host %s in aggregate %s'
                                     % (host, aggregate_id))
        return {'aggregate': view(req, agg)}

    def _set_metadata(self, req, id, body):
        policy.authorize(req.context, POLICY % 'set_metadata', {})
        validation.validate(schemas.set_metadata, body)
        agg = aggregate_api.set_metadata(self.conf, _id(id),
                                         body['set_metadata']['metadata'])
        return {'aggregate': view(req, agg)}
