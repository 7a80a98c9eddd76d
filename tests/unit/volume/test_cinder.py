"""The block-storage REST client: the catalog URL without its project id, Cinder's
microversion header, the user's token with the service token, and Cinder's errors as
compute's (404 VolumeNotFound, 400/409 InvalidVolume with Cinder's message, 413 quota)."""
from unittest import mock

import pytest

from novalite import context
from novalite import exception
from novalite import exception_volume as errors
from novalite.volume import cinder


class Auth:
    def __init__(self, url):
        self.url = url

    def endpoint(self, service_type):
        if service_type == 'block-storage' and self.url is None:
            raise exception.ServiceUnavailable(reason='none')
        return self.url or 'http://h/volume/v3/0123456789abcdef0123456789abcdef'

    def token(self):
        return 'service-token'

    def invalidate(self):
        pass


def response(status, body=None):
    resp = mock.Mock(status_code=status, content=b'x' if body is not None else b'')
    resp.json.return_value = body
    resp.text = ''
    return resp


@pytest.fixture
def api(conf):
    return cinder.VolumeAPI(conf, Auth('http://h/volume/v3/0123456789abcdef0123456789abcdef/'))


def test_url_microversion_and_tokens(api):
    ctx = context.RequestContext(user_id='u', project_id='p', auth_token='user-token')
    with mock.patch('novalite.service_client.send',
                    return_value=response(200, {'volume': {'id': 'v'}})) as send:
        assert api.get(ctx, 'v') == {'id': 'v'}
    _, method, url = send.call_args[0]
    headers = send.call_args[1]['headers']
    assert (method, url) == ('GET', 'http://h/volume/v3/volumes/v')
    assert headers['OpenStack-API-Version'] == 'volume ' + cinder.MICROVERSION
    assert headers['X-Auth-Token'] == 'user-token'
    assert headers['X-Service-Token'] == 'service-token'


def test_volumev3_when_no_block_storage(conf):
    api = cinder.VolumeAPI(conf, Auth(None))
    assert api.endpoint() == 'http://h/volume/v3'


def test_errors(api):
    with mock.patch('novalite.service_client.send', return_value=response(404, {})):
        with pytest.raises(errors.VolumeNotFound):
            api.get(None, 'v')
    body = {'badRequest': {'code': 400, 'message': 'Volume v status must be available'}}
    with mock.patch('novalite.service_client.send', return_value=response(400, body)):
        with pytest.raises(errors.InvalidVolume) as err:
            api.attachment_create(None, 'v', 'i')
    assert 'status must be available' in err.value.format_message()
    body = {'overLimit': {'code': 413, 'message': 'VolumeLimitExceeded'}}
    with mock.patch('novalite.service_client.send', return_value=response(413, body)):
        with pytest.raises(errors.VolumeOverQuota):
            api.create(None, 1, 'n', 'd')


def test_attachment_calls(api):
    with mock.patch('novalite.service_client.send',
                    return_value=response(200, {'attachment': {'id': 'a'}})) as send:
        api.attachment_update(None, 'a', {'host': 'h1'}, '/dev/vdb')
    assert send.call_args[1]['json'] == {'attachment': {'connector': {
        'host': 'h1', 'mountpoint': '/dev/vdb'}}}
    with mock.patch('novalite.service_client.send', return_value=response(204)) as send:
        api.attachment_complete(None, 'a')
    assert send.call_args[0][2].endswith('/attachments/a/action')
    assert send.call_args[1]['json'] == {'os-complete': None}
    with mock.patch('novalite.service_client.send', return_value=response(404, {})):
        api.attachment_delete(None, 'a')  # already gone: fine


def test_wait_for_status(api):
    answers = iter([{'id': 'v', 'status': 'creating'}, {'id': 'v', 'status': 'available'}])
    with mock.patch.object(api, 'get', side_effect=lambda c, v: next(answers)):
        assert api.wait_for_status(None, 'v', ('available',), sleep=lambda s: None)
    with mock.patch.object(api, 'get', return_value={'id': 'v', 'status': 'error'}):
        with pytest.raises(errors.VolumeNotCreated):
            api.wait_for_status(None, 'v', ('available',), sleep=lambda s: None)


def test_flattened_connection_info_becomes_the_drivers_shape():
    flat = {'driver_volume_type': 'local', 'device_path': '/v/x', 'format': 'raw'}
    assert cinder.driver_connection_info(flat) == {
        'driver_volume_type': 'local', 'data': {'device_path': '/v/x', 'format': 'raw'}}
    nested = {'driver_volume_type': 'local', 'data': {'device_path': '/v/x'}}
    assert cinder.driver_connection_info(nested) == nested
    assert cinder.driver_connection_info(None) == {}
