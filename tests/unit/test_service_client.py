"""service_client.send: REST calls to the neighbouring services ride out an API restart
(connection refused is retried for every method, a dropped connection only for idempotent
ones), never more than [service_user] connect_retries times."""
from unittest import mock

import pytest
import requests
import urllib3
from oslo_config import cfg

from novalite import conf as novalite_conf
from novalite import service_client


@pytest.fixture
def conf():
    c = cfg.ConfigOpts()
    novalite_conf.register_opts(c)
    c([], project='novalite-test', default_config_files=[])
    c.set_override('connect_retries', 3, group='service_user')
    c.set_override('connect_retry_delay', 0, group='service_user')
    return c


def refused():
    reason = urllib3.exceptions.NewConnectionError(None, 'Connection refused')
    return requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, '/x', reason))


def dropped():
    return requests.ConnectionError(urllib3.exceptions.ProtocolError('Connection aborted.'))


def session(*effects):
    http = mock.Mock()
    http.request.side_effect = list(effects)
    return mock.patch.object(service_client, 'http', return_value=http), http


def test_refused_connection_is_retried_for_post(conf):
    patcher, http = session(refused(), refused(), 'answer')
    with patcher:
        assert service_client.send(conf, 'POST', 'http://127.0.0.1:1/x') == 'answer'
    assert http.request.call_count == 3


def test_dropped_connection_is_retried_for_get_only(conf):
    patcher, http = session(dropped(), 'answer')
    with patcher:
        assert service_client.send(conf, 'GET', 'http://127.0.0.1:1/x') == 'answer'
    patcher, http = session(dropped(), 'answer')
    with patcher, pytest.raises(requests.ConnectionError):
        service_client.send(conf, 'POST', 'http://127.0.0.1:1/x')
    assert http.request.call_count == 1


def test_retries_are_bounded(conf):
    patcher, http = session(*[refused()] * 10)
    with patcher, pytest.raises(requests.ConnectionError):
        service_client.send(conf, 'GET', 'http://127.0.0.1:1/x')
    assert http.request.call_count == 4  # the first try and connect_retries = 3


def test_endpoint_prefers_this_clouds_region(conf):
    """An operator's endpoint of the same type in another region does not capture the
    service clients (keystoneauth's region_name filter)."""
    auth = service_client.ServiceAuth(conf)
    auth._token, auth._expires = 'tok', float('inf')
    auth._catalog = [
        {'type': 'image', 'endpoints': [
            {'interface': 'internal', 'region_id': 'Elsewhere', 'url': 'http://other/'}]},
        {'type': 'image', 'endpoints': [
            {'interface': 'admin', 'region_id': 'RegionOne', 'url': 'http://admin'},
            {'interface': 'internal', 'region_id': 'RegionOne', 'url': 'http://ours/image/'}]},
    ]
    assert auth.endpoint('image') == 'http://ours/image'
    auth._catalog = auth._catalog[:1]
    assert auth.endpoint('image') == 'http://other'
    auth._catalog = []
    with pytest.raises(Exception, match='no image endpoint'):
        auth.endpoint('image')


@pytest.mark.parametrize('value, quoted', [
    ('abc-123', 'abc-123'), ('..', '%2E%2E'), ('.', '%2E'), ('a/b', 'a%2Fb'),
    ('?x=1', '%3Fx%3D1'), ('#', '%23'), ('a.b', 'a.b'), (42, '42'), ('é', '%C3%A9'),
])
def test_ids_are_quoted_as_one_path_segment(value, quoted):
    assert service_client.quote(value) == quoted
    assert service_client.path('/v2.0/ports/%s/x', value) == '/v2.0/ports/%s/x' % quoted
