"""``novalite trace <request-id | server>``: a request's trace as a waterfall in the terminal.

Credentials come from clouds.yaml (``--os-cloud`` / ``OS_CLOUD``, the files openstack
clients read, ``OS_CLIENT_CONFIG_FILE`` first) or the ``OS_*`` variables of an openrc.
A request id (``req-...``) prints that trace; a server (id or name) prints the traces of
its newest requests, oldest first.
"""
import argparse
import os
import shutil
import sys

import requests
import yaml

from novalite.trace_waterfall import render

_CLOUD_FILES = ('clouds.yaml', '~/.config/openstack/clouds.yaml', '/etc/openstack/clouds.yaml')


class CLIError(Exception):
    pass


def _auth_settings(cloud_name):
    if cloud_name:
        paths = [os.environ.get('OS_CLIENT_CONFIG_FILE')] + list(_CLOUD_FILES)
        for path in filter(None, paths):
            path = os.path.expanduser(path)
            if os.path.exists(path):
                with open(path) as f:
                    clouds = (yaml.safe_load(f) or {}).get('clouds') or {}
                if cloud_name in clouds:
                    return dict(clouds[cloud_name].get('auth') or {})
        raise CLIError('cloud %r not found in clouds.yaml' % cloud_name)
    env = os.environ
    if not env.get('OS_AUTH_URL'):
        raise CLIError('no credentials: give --os-cloud (clouds.yaml) or source an openrc')
    return {'auth_url': env['OS_AUTH_URL'], 'username': env.get('OS_USERNAME'),
            'password': env.get('OS_PASSWORD'), 'project_name': env.get('OS_PROJECT_NAME'),
            'user_domain_name': env.get('OS_USER_DOMAIN_NAME', 'Default'),
            'project_domain_name': env.get('OS_PROJECT_DOMAIN_NAME', 'Default')}


class Client:

    def __init__(self, auth):
        self.http = requests.Session()
        self.http.trust_env = False
        url = auth['auth_url'].rstrip('/')
        body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': auth.get('username'), 'password': auth.get('password'),
            'domain': {'name': auth.get('user_domain_name') or 'Default'}}}},
            'scope': {'project': {'name': auth.get('project_name'), 'domain': {
                'name': auth.get('project_domain_name') or 'Default'}}}}}
        resp = self._send('POST', (url if url.endswith('/v3') else url + '/v3')
                          + '/auth/tokens', json=body)
        if resp.status_code != 201:
            raise CLIError('authentication failed (%s)' % resp.status_code)
        self.token = resp.headers['X-Subject-Token']
        catalog = resp.json()['token'].get('catalog') or []
        self.compute = _endpoint(catalog, 'compute')
        # novalite's own API is served beside identity (it is not in the catalog)
        self.root = url.rsplit('/identity', 1)[0] if '/identity' in url else url

    def _send(self, method, url, **kwargs):
        try:
            return self.http.request(method, url, timeout=30, **kwargs)
        except requests.RequestException as exc:
            raise CLIError('cannot reach %s: %s' % (url, exc))

    def get(self, url):
        resp = self._send('GET', url, headers={'X-Auth-Token': self.token,
                                               'Accept': 'application/json'})
        if resp.status_code == 404:
            return None
        if resp.status_code != 200:
            raise CLIError('GET %s: %s %s' % (url, resp.status_code, resp.text[:200]))
        return resp.json()


def _endpoint(catalog, service_type):
    for service in catalog:
        if service['type'] == service_type:
            for ep in service['endpoints']:
                if ep['interface'] == 'public':
                    return ep['url'].rstrip('/')
    return None


def fetch(client, target, limit):
    """The traces ``target`` names: a request id, or a server's (id or name) newest."""
    base = client.root + '/novalite/v1/traces'
    if target.startswith('req-'):
        found = client.get(base + '/' + target)
        if found is None:
            raise CLIError('no trace of request %s' % target)
        return [found['trace']]
    server_id = _server_id(client, target)
    listed = client.get(base + '?server_id=%s&limit=%d' % (server_id, limit))['traces']
    traces = [client.get(base + '/' + t['request_id']) for t in reversed(listed)]
    traces = [t['trace'] for t in traces if t]
    if not traces:
        raise CLIError('no traces of server %s' % target)
    return traces


def _server_id(client, target):
    if client.compute is None:
        raise CLIError('no compute endpoint in the catalog')
    if client.get(client.compute + '/servers/' + target) is not None:
        return target
    found = client.get(client.compute + '/servers?name=%s' % requests.utils.quote(target))
    exact = [s for s in (found or {}).get('servers', []) if s['name'] == target]
    if len(exact) != 1:
        raise CLIError('%s server named %r' % ('no' if not exact else 'more than one',
                                                target))
    return exact[0]['id']


def main(argv=None):
    parser = argparse.ArgumentParser(prog='novalite trace', description=__doc__.split('\n')[0])
    parser.add_argument('target', help='a request id (req-...) or a server id or name')
    parser.add_argument('--os-cloud', default=os.environ.get('OS_CLOUD'),
                        help='cloud in clouds.yaml (default $OS_CLOUD; else OS_* variables)')
    parser.add_argument('--limit', type=int, default=5,
                        help='with a server: how many of its newest requests (default 5)')
    parser.add_argument('--width', type=int, default=shutil.get_terminal_size((140, 20))[0])
    args = parser.parse_args(argv)
    try:
        client = Client(_auth_settings(args.os_cloud))
        traces = fetch(client, args.target, max(1, min(args.limit, 100)))
    except CLIError as exc:
        sys.stderr.write('novalite trace: %s\n' % exc)
        return 1
    encoding = (getattr(sys.stdout, 'encoding', None) or '').lower()
    bar = '\u2588' if 'utf' in encoding else '#'
    print('\n\n'.join(render(t, args.width, bar) for t in traces))
    return 0
