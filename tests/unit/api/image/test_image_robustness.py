"""Bad input of any shape is a 4xx, never a 500."""
import json

from novalite.api.image import schemas

JUNK = [None, 0, -1, 'x', '', [], {}, True, [1], ['x'], {'a': 1}, 'a' * 300, 10 ** 20]
PATCH = {'Content-Type': 'application/openstack-images-v2.1-json-patch'}


def test_junk_create_and_patch(image_client, demo):
    tok = demo[0]
    status, _h, img = image_client.request('POST', '/v2/images', body={}, token=tok)
    assert status == 201
    names = list(schemas.image_schema()['properties']) + ['custom', 'os_glance_x']
    for name in names:
        for value in JUNK:
            status, _h, body = image_client.request('POST', '/v2/images',
                                                    body={name: value}, token=tok)
            assert status < 500, (name, value, body)
            for op in ('add', 'replace', 'remove'):
                ops = [{'op': op, 'path': '/' + name, 'value': value}]
                status, _h, body = image_client.request(
                    'PATCH', '/v2/images/%s' % img['id'], raw=json.dumps(ops).encode(),
                    headers=PATCH, token=tok)
                assert status < 500, (op, name, value, body)


def test_junk_patch_documents(image_client, demo):
    tok = demo[0]
    img = image_client.request('POST', '/v2/images', body={}, token=tok)[2]
    for raw in (b'', b'{', b'null', b'5', b'[null]', b'[{"op": 5, "path": 5}]',
                b'[{"op": "add", "path": 5, "value": 1}]', b'[{"op": "add", "path": "/"}]',
                b'[{"op": "add", "path": "/~2x", "value": "1"}]'):
        status, _h, body = image_client.request('PATCH', '/v2/images/%s' % img['id'],
                                                raw=raw, headers=PATCH, token=tok)
        assert 400 <= status < 500, (raw, body)


def test_junk_queries(image_client, demo):
    for query in ('?limit=', '?marker=', '?sort=', '?sort=name:', '?sort_key=', '?tag=',
                  '?name=in:"a', '?size_min=-1', '?created_at=gte:yesterday',
                  '?updated_at=bogus', '?id=in:', '?min_ram=abc', '?visibility=',
                  '?os_hidden=', '?sort_key=name&sort_key=size&sort_dir=asc&sort_dir=desc'):
        status, _h, body = image_client.request('GET', '/v2/images' + query, token=demo[0])
        assert status < 500, (query, body)
