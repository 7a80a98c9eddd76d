"""novalite/launcher.py: the API's pre-fork launcher, with workers that only record what
happens to them in files (no sockets served, no database, no broker), run in a subprocess so
the test process itself never forks."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

SCRIPT = textwrap.dedent('''
    import os, socket, sys, time
    from novalite import launcher

    out = sys.argv[1]

    class Conf:
        graceful_shutdown_timeout = 10
        config_file = []
        generation = 0

        def reload_config_files(self):
            self.generation += 1

    def worker(conf, sock, stop):
        path = os.path.join(out, 'worker-%d' % os.getpid())
        with open(path, 'w') as f:
            f.write('gen=%d\\n' % conf.generation)
        stop.wait(0.05)
        time.sleep(0.3)  # "draining"
        with open(path, 'a') as f:
            f.write('drained\\n')

    sock = socket.socket()
    sys.exit(launcher.ProcessLauncher(Conf(), sock, worker, 2).run())
''')


def wait_for(predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError('condition not reached within %ss' % timeout)


def workers(out):
    result = {}
    for name in os.listdir(out):
        if name.startswith('worker-'):
            with open(os.path.join(out, name)) as f:
                result[int(name.split('-')[1])] = f.read().split()
    return result


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open('/proc/%d/stat' % pid) as f:
        return f.read().split()[2] != 'Z'


@pytest.fixture
def launched(tmp_path):
    script = tmp_path / 'run.py'
    script.write_text(SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        wait_for(lambda: len(workers(tmp_path)) == 2)
        yield proc, tmp_path
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def test_dead_worker_is_respawned(launched):
    proc, out = launched
    first = sorted(workers(out))
    os.kill(first[0], signal.SIGKILL)
    wait_for(lambda: len(workers(out)) == 3)
    current = [pid for pid in workers(out) if alive(pid)]
    assert first[1] in current and first[0] not in current and len(current) == 2


def test_sigterm_drains_workers_then_exits(launched):
    proc, out = launched
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0
    assert all(lines[-1] == 'drained' for lines in workers(out).values())


def test_sighup_reloads_config_and_replaces_workers(launched):
    proc, out = launched
    old = set(workers(out))
    proc.send_signal(signal.SIGHUP)
    wait_for(lambda: len(workers(out)) == 4)
    new = {pid: lines for pid, lines in workers(out).items() if pid not in old}
    assert [lines[0] for lines in new.values()] == ['gen=1', 'gen=1']
    wait_for(lambda: not any(alive(pid) for pid in old))
    assert all(workers(out)[pid][-1] == 'drained' for pid in old)
    assert proc.poll() is None
