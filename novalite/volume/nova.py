"""The compute API as the block-storage service calls it (Cinder's cinder/compute/nova.py),
over REST with the service user's token: external events (volume-extended) and whether a
server still uses an attachment."""
import requests

from novalite import exception
from novalite import service_client
from novalite.volume import images

EVENT_VERSIONS = {'volume-extended': '2.51', 'volume-reimaged': '2.93'}
VOLUME_ATTACHMENT_ID_VERSION = '2.89'  # attachment_id in os-volume_attachments


def _send(conf, method, path, version, json=None):
    auth = images.auth(conf)
    url = auth.endpoint('compute') + path
    headers = {'X-Auth-Token': auth.token(), 'Accept': 'application/json',
               'OpenStack-API-Version': 'compute %s' % version}
    try:
        return service_client.send(conf, method, url, json=json, headers=headers,
                                   timeout=conf.service_user.timeout)
    except requests.RequestException as exc:
        raise exception.ServiceUnavailable(reason='compute: %s' % exc)


def external_events(conf, name, servers, tag, status='completed'):
    """POST /os-server-external-events for each server; returns the HTTP status."""
    body = {'events': [{'name': name, 'server_uuid': uuid, 'tag': tag, 'status': status}
                       for uuid in servers]}
    return _send(conf, 'POST', '/os-server-external-events', EVENT_VERSIONS[name],
                 json=body).status_code


def server_volume(conf, server_id, volume_id):
    """The server's attachment of the volume as compute shows it, or None (404)."""
    resp = _send(conf, 'GET', '/servers/%s/os-volume_attachments/%s' % (server_id, volume_id),
                 VOLUME_ATTACHMENT_ID_VERSION)
    if resp.status_code != 200:
        return None
    return resp.json().get('volumeAttachment')
