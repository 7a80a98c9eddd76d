"""Process safety of ``novalite serve`` (issue 18): a second serve on a port in use refuses
to start; SIGTERM stops accepting, finishes the requests in flight and exits 0."""
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import requests

from tests.functional.conftest import start_cloud, stop_cloud


def test_a_second_serve_on_a_port_in_use_refuses(cloud, tmp_path):
    port = urllib.parse.urlparse(cloud.url).port
    proc = subprocess.run(
        [sys.executable, '-m', 'novalite.cmd.serve', 'serve', '--host', '127.0.0.1',
         '--port', str(port), '--state-dir', str(tmp_path)],
        capture_output=True, text=True, timeout=120,
        env=dict(os.environ, NOVALITE_STATE_DIR=str(tmp_path)))
    assert proc.returncode != 0
    assert 'address in use' in proc.stderr, proc.stderr
    # the first one still answers every request
    for _ in range(20):
        assert requests.get(cloud.url + '/identity', timeout=10).status_code == 300


def test_sigterm_drains_in_flight_requests_and_exits_0(tmp_path):
    c = start_cloud(tmp_path)
    try:
        image = c.request('POST', '/image/v2/images', body={
            'name': 'drain', 'disk_format': 'raw', 'container_format': 'bare'})[2]
        sent = threading.Event()
        result = {}

        def slow_body():  # a chunked upload still being sent when SIGTERM arrives
            yield b'x' * 65536
            sent.set()
            for _ in range(10):
                time.sleep(0.2)
                yield b'y' * 65536

        def upload():
            result['status'] = requests.put(
                c.url + '/image/v2/images/%s/file' % image['id'], data=slow_body(),
                headers={'X-Auth-Token': c.token('demo'),
                         'Content-Type': 'application/octet-stream'},
                timeout=60).status_code
        worker = threading.Thread(target=upload)
        worker.start()
        assert sent.wait(30)
        time.sleep(0.2)
        os.killpg(c.process.pid, signal.SIGTERM)
        time.sleep(0.5)
        with socket.socket() as s:  # no longer accepting
            s.settimeout(5)
            refused = s.connect_ex(('127.0.0.1', urllib.parse.urlparse(c.url).port)) != 0
        worker.join(60)
        assert result.get('status') == 204, result
        assert c.process.wait(60) == 0
        assert refused
    finally:
        stop_cloud(c.process)
    # what was uploaded while stopping is all there after a restart
    c = start_cloud(tmp_path)
    try:
        got = c.request('GET', '/image/v2/images/%s' % image['id'])[2]
        assert got['status'] == 'active' and got['size'] == 65536 * 11, got
    finally:
        stop_cloud(c.process)
