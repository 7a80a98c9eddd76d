"""os-keypairs in-process: generate, import, list, show, delete, per microversion."""
import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519



def _public_key():
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH,
                            serialization.PublicFormat.OpenSSH).decode() + ' me@host'


def _md5(public_key):
    digest = hashlib.md5(base64.b64decode(public_key.split()[1])).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, 32, 2))


def test_generate_returns_private_key_once(api, demo):
    status, _, body = api('POST', '/os-keypairs', {'keypair': {'name': 'gen'}})
    assert status == 201, body
    kp = body['keypair']
    assert kp['private_key'].startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert kp['public_key'].startswith('ssh-rsa ') and kp['type'] == 'ssh'
    assert kp['fingerprint'] == _md5(kp['public_key'])
    assert kp['user_id'] == demo[1]
    private = serialization.load_pem_private_key(kp['private_key'].encode(), None)
    derived = private.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                                serialization.PublicFormat.OpenSSH).decode()
    assert kp['public_key'].startswith(derived)
    status, _, shown = api('GET', '/os-keypairs/gen')
    assert status == 200 and 'private_key' not in shown['keypair']
    assert shown['keypair']['id'] and shown['keypair']['deleted'] is False
    assert shown['keypair']['user_id'] == demo[1]


def test_import_and_fingerprint(api):
    public_key = _public_key()
    status, _, body = api('POST', '/os-keypairs',
                          {'keypair': {'name': 'imp', 'public_key': public_key}})
    assert status == 201, body
    assert body['keypair']['fingerprint'] == _md5(public_key)
    assert 'private_key' not in body['keypair']


@pytest.mark.parametrize('public_key', ['ssh-rsa AAAA', 'not a key', '', 'ssh-rsa !!!'])
def test_invalid_public_key_is_400(api, public_key):
    status, _, body = api('POST', '/os-keypairs',
                          {'keypair': {'name': 'bad', 'public_key': public_key}})
    assert status == 400
    assert body['badRequest']['message'] == (
        'Keypair data is invalid: failed to generate fingerprint')


def test_x509_generate_and_import(api):
    status, _, body = api('POST', '/os-keypairs', {'keypair': {'name': 'cert', 'type': 'x509'}})
    assert status == 201, body
    cert = body['keypair']['public_key']
    assert cert.startswith('-----BEGIN CERTIFICATE-----')
    assert len(body['keypair']['fingerprint'].split(':')) == 20
    status, _, body2 = api('POST', '/os-keypairs', {'keypair': {
        'name': 'cert2', 'type': 'x509', 'public_key': cert}})
    assert status == 201 and body2['keypair']['fingerprint'] == body['keypair']['fingerprint']
    status, _, bad = api('POST', '/os-keypairs', {'keypair': {
        'name': 'cert3', 'type': 'x509', 'public_key': 'junk'}})
    assert status == 400
    assert bad['badRequest']['message'].startswith(
        'Keypair data is invalid: failed to generate X509 fingerprint.')


def test_duplicate_is_409(api):
    assert api('POST', '/os-keypairs', {'keypair': {'name': 'dup'}})[0] == 201
    status, _, body = api('POST', '/os-keypairs',
                          {'keypair': {'name': 'dup', 'public_key': _public_key()}})
    assert status == 409
    assert body['conflictingRequest']['message'] == "Key pair 'dup' already exists."


@pytest.mark.parametrize('name,message', [
    ('a/b', 'Keypair data is invalid: Keypair name contains unsafe characters'),
    ('x.y', 'Keypair data is invalid: Keypair name contains unsafe characters'),
])
def test_unsafe_names(api, name, message):
    status, _, body = api('POST', '/os-keypairs', {'keypair': {'name': name}})
    assert status == 400 and body['badRequest']['message'] == message


@pytest.mark.parametrize('body', [
    {}, {'keypair': {}}, {'keypair': {'name': ''}}, {'keypair': {'name': ' lead'}},
    {'keypair': {'name': 'n', 'type': 'rsa'}}, {'keypair': {'name': 'n', 'extra': 1}},
    {'keypair': {'name': 'x' * 256}}, {'keypair': {'name': 5}}, {'keypair': 'k'}, [],
])
def test_schema_errors_are_400(api, body):
    status, _, fault = api('POST', '/os-keypairs', body)
    assert status == 400, fault
    assert fault['badRequest']['code'] == 400


def test_microversion_differences(api):
    public_key = _public_key()
    status, _, body = api('POST', '/os-keypairs',
                          {'keypair': {'name': 'old', 'public_key': public_key}}, version='2.1')
    assert status == 200 and 'type' not in body['keypair']
    status, _, body = api('POST', '/os-keypairs',
                          {'keypair': {'name': 'typed', 'type': 'ssh'}}, version='2.1')
    assert status == 400  # type arrives with 2.2
    _, _, listed = api('GET', '/os-keypairs', version='2.1')
    assert set(listed['keypairs'][0]['keypair']) == {'name', 'public_key', 'fingerprint'}
    _, _, listed = api('GET', '/os-keypairs', version='2.2')
    assert listed['keypairs'][0]['keypair']['type'] == 'ssh'
    assert api('DELETE', '/os-keypairs/old', version='2.1')[0] == 202


def test_legacy_v2_strips_spaces(compute, demo):
    project = demo[2]
    status, _, body = compute.request('POST', '/v2/%s/os-keypairs' % project, token=demo[0],
                                      body={'keypair': {'name': ' spaced ',
                                                        'public_key': _public_key()}})
    assert status == 200, body
    assert body['keypair']['name'] == 'spaced'


def test_list_show_delete_and_404(api):
    for name in ('k1', 'k2'):
        api('POST', '/os-keypairs', {'keypair': {'name': name, 'public_key': _public_key()}})
    _, _, body = api('GET', '/os-keypairs')
    assert [k['keypair']['name'] for k in body['keypairs']] == ['k1', 'k2']
    assert 'keypairs_links' not in body
    assert api('DELETE', '/os-keypairs/k1')[0] == 204
    status, _, body = api('GET', '/os-keypairs/k1')
    assert status == 404 and 'Keypair k1 not found for user' in body['itemNotFound']['message']
    assert api('DELETE', '/os-keypairs/k1')[0] == 404


def test_pagination(api):
    for name in ('p1', 'p2', 'p3'):
        api('POST', '/os-keypairs', {'keypair': {'name': name, 'public_key': _public_key()}})
    _, _, body = api('GET', '/os-keypairs?limit=2')
    assert [k['keypair']['name'] for k in body['keypairs']] == ['p1', 'p2']
    link = body['keypairs_links'][0]
    assert link['rel'] == 'next' and 'marker=p2' in link['href'] and 'limit=2' in link['href']
    _, _, body = api('GET', '/os-keypairs?limit=2&marker=p2')
    assert [k['keypair']['name'] for k in body['keypairs']] == ['p3']
    status, _, body = api('GET', '/os-keypairs?marker=nope')
    assert status == 400 and body['badRequest']['message'] == 'Marker nope could not be found.'
    assert api('GET', '/os-keypairs?limit=-1')[0] == 400
    assert api('GET', '/os-keypairs?limit=x')[0] == 400
    # before 2.35 the parameters are ignored
    _, _, body = api('GET', '/os-keypairs?limit=1', version='2.34')
    assert len(body['keypairs']) == 3 and 'keypairs_links' not in body


def test_admin_acts_for_other_users(api, admin, demo):
    status, _, body = api('POST', '/os-keypairs', {'keypair': {
        'name': 'for-demo', 'user_id': demo[1], 'public_key': _public_key()}}, token=admin[0])
    assert status == 201 and body['keypair']['user_id'] == demo[1]
    _, _, mine = api('GET', '/os-keypairs')
    assert [k['keypair']['name'] for k in mine['keypairs']] == ['for-demo']
    _, _, body = api('GET', '/os-keypairs?user_id=%s' % demo[1], token=admin[0])
    assert [k['keypair']['name'] for k in body['keypairs']] == ['for-demo']
    assert api('GET', '/os-keypairs/for-demo?user_id=%s' % demo[1], token=admin[0])[0] == 200
    # before 2.10 user_id is not honoured: the admin sees only their own
    _, _, body = api('GET', '/os-keypairs?user_id=%s' % demo[1], token=admin[0], version='2.9')
    assert body['keypairs'] == []
    # a member may not act for another user
    status, _, body = api('GET', '/os-keypairs?user_id=%s' % admin[1])
    assert status == 403 and 'os_compute_api:os-keypairs:index' in body['forbidden']['message']
    status, _, _ = api('POST', '/os-keypairs', {'keypair': {'name': 'x', 'user_id': admin[1]}})
    assert status == 403
    assert api('DELETE', '/os-keypairs/for-demo?user_id=%s' % demo[1], token=admin[0])[0] == 204
