"""os-server-external-events: the network (and other) services tell compute about events
of its servers (admin / service). Each event answers its own code: 200 accepted, 404 no
such server, 422 server not on a host (or a bad power-update tag); the whole request is 200
when all were accepted, 207 when some were not, 404 when none were."""
import logging

from novalite import exception
from novalite import policy
from novalite.api import microversion as mv
from novalite.api import validation
from novalite.api import wsgi
from novalite.compute import api as compute_api
from novalite.compute import floating_ips

LOG = logging.getLogger(__name__)
POLICY = 'os_compute_api:os-server-external-events:create'
_BASE_NAMES = ['network-changed', 'network-vif-plugged', 'network-vif-unplugged',
               'network-vif-deleted']
_BY_VERSION = [(mv.EVENT_VOLUME_EXTENDED, 'volume-extended'),
               (mv.EVENT_POWER_UPDATE, 'power-update'),
               (mv.EVENT_ACCELERATOR, 'accelerator-request-bound'),
               (mv.REBUILD_VOLUME_BACKED, 'volume-reimaged')]


def _schema(version):
    names = _BASE_NAMES + [name for since, name in _BY_VERSION if version >= since]
    return {
        'type': 'object',
        'properties': {
            'events': {
                'type': 'array', 'minItems': 1,
                'items': {
                    'type': 'object',
                    'properties': {
                        'server_uuid': {'type': 'string', 'format': 'uuid'},
                        'name': {'type': 'string', 'enum': names},
                        'status': {'type': 'string',
                                   'enum': ['failed', 'completed', 'in-progress']},
                        'tag': {'type': 'string', 'maxLength': 255},
                    },
                    'required': ['server_uuid', 'name'],
                    'additionalProperties': False,
                },
            },
        },
        'required': ['events'],
        'additionalProperties': False,
    }


def _refresh_network_info(conf, inst):
    """network-changed: the server's network info cache is read again from the network
    service (a failure leaves the cache as it was, as Nova's refresh does)."""
    try:
        floating_ips.refresh_cache(conf, inst['uuid'])
    except Exception:
        LOG.warning('Could not refresh the network info of %s', inst['uuid'], exc_info=True)


class ServerExternalEventsController:

    def __init__(self, conf):
        self.conf = conf
        self.compute_api = compute_api.API(conf)

    def create(self, req, body):
        policy.authorize(req.context, POLICY, {})
        validation.validate(_schema(req.api_version), body)
        events, accepted, code = [], 0, 200
        for event in body['events']:
            out = dict(event, status=event.get('status', 'completed'))
            try:
                inst = compute_api.get_instance(req.context, event['server_uuid'],
                                                any_project=True)
            except exception.InstanceNotFound:
                inst = None
            if inst is None:
                out.update(code=404, status='failed')
            elif not inst['host']:
                out.update(code=422, status='failed')
            elif event['name'] == 'power-update' and \
                    event.get('tag') not in ('POWER_ON', 'POWER_OFF'):
                out.update(code=422, status='failed')
            else:
                out['code'] = 200
                accepted += 1
                if event['name'] == 'power-update':
                    self.compute_api.power_update(req.context, inst, event['tag'])
                elif event['name'] == 'network-changed':
                    _refresh_network_info(self.conf, inst)
            if out['code'] != 200:
                code = 207
            events.append(out)
        if not accepted:
            raise exception.NotFound('No instances found for any event')
        return wsgi.ResponseObject({'events': events}, status=code)
