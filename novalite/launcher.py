"""A pre-fork launcher for ``novalite-api --workers N``: oslo.service's ProcessLauncher
behaviour, as Nova's API runs it.

The parent opens the listening socket, forks N workers that all accept on it, and then only
watches them:

- a worker that dies (crash, ``kill -9``) is reaped and a new one forked in its place (at most
  one respawn a second, so a worker that cannot start does not fork-bomb the machine);
- SIGTERM / SIGINT: each worker stops accepting, finishes its in-flight requests (at most
  ``[DEFAULT] graceful_shutdown_timeout`` seconds, then it is killed) and exits; then the
  parent exits;
- SIGHUP: the parent re-reads its configuration files, forks fresh workers that use the new
  configuration and sends the old ones SIGTERM, so they drain and exit (the socket stays open
  in the parent; no connection is refused meanwhile).

Workers connect to the database and the message bus after the fork: nothing of that kind is
shared between processes.
"""
import errno
import logging
import os
import signal
import time

from novalite import concurrency

LOG = logging.getLogger(__name__)

_RESPAWN_INTERVAL = 1.0
_POLL = 0.1


class ProcessLauncher:

    def __init__(self, conf, sock, worker, workers):
        """``worker(conf, sock, stop)`` serves until ``stop.wait()`` returns (a StopFlag),
        then drains and returns."""
        self.conf = conf
        self.sock = sock
        self.worker = worker
        self.workers = workers
        self.children = {}     # pid -> start time, the current generation
        self.retiring = set()  # pids told to stop (SIGHUP), still draining
        self._signal = None  # SIGTERM / SIGINT: stop
        self._hup = False
        self._last_spawn = 0.0

    # ------------------------------------------------------------------ parent
    def _on_signal(self, signum, frame):
        if signum == signal.SIGHUP:
            self._hup = True
        else:
            self._signal = signum

    def run(self):
        """Fork the workers and watch them until SIGTERM; returns the exit code."""
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        LOG.info('API parent %d: starting %d workers', os.getpid(), self.workers)
        for _ in range(self.workers):
            self._fork()
        while True:
            self._reap()
            if self._signal is not None:
                break
            if self._hup:
                self._hup = False
                self._reload()
            self._respawn()
            time.sleep(_POLL)
        return self._shutdown()

    def _fork(self):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os._exit(self._child())
        self.children[pid] = time.monotonic()
        self._last_spawn = time.monotonic()
        LOG.info('Started API worker %d', pid)
        return pid

    def _respawn(self):
        # one replacement a second, so a worker that cannot start is not forked in a loop
        if (len(self.children) < self.workers
                and time.monotonic() - self._last_spawn >= _RESPAWN_INTERVAL):
            self._fork()

    def _reap(self):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid in self.retiring:
                self.retiring.discard(pid)
                LOG.info('API worker %d exited after reload (%s)', pid, _describe(status))
            elif self.children.pop(pid, None) is not None:
                level = logging.INFO if self._signal else logging.WARNING
                LOG.log(level, 'API worker %d %s (%s)', pid, 'exited' if self._signal else 'died',
                        _describe(status))

    def _reload(self):
        LOG.info('SIGHUP: reloading configuration files %s', self.conf.config_file)
        try:
            self.conf.reload_config_files()
        except Exception:
            LOG.exception('Configuration reload failed; keeping the running workers')
            return
        old = list(self.children)
        self.children.clear()
        for _ in range(self.workers):
            self._fork()
        for pid in old:
            self.retiring.add(pid)
            _kill(pid, signal.SIGTERM)

    def _shutdown(self):
        pids = set(self.children) | self.retiring
        LOG.info('API parent %d stopping workers %s', os.getpid(), sorted(pids))
        for pid in pids:
            _kill(pid, signal.SIGTERM)
        timeout = self.conf.graceful_shutdown_timeout
        deadline = time.monotonic() + (timeout + 5 if timeout else 3600 * 24)
        while (self.children or self.retiring) and time.monotonic() < deadline:
            self._reap()
            time.sleep(_POLL)
        for pid in set(self.children) | self.retiring:
            LOG.warning('API worker %d did not stop in time; killing it', pid)
            _kill(pid, signal.SIGKILL)
        for _ in range(50):
            self._reap()
            if not (self.children or self.retiring):
                break
            time.sleep(_POLL)
        self.sock.close()
        return 0

    # ------------------------------------------------------------------ child
    def _child(self):  # pragma: no cover - runs in forked children (functional tests)
        concurrency.reinit_after_fork()
        stop = StopFlag()
        signal.signal(signal.SIGTERM, stop.set)
        signal.signal(signal.SIGINT, stop.set)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # the parent reloads
        try:
            self.worker(self.conf, self.sock, stop)
        except Exception:
            LOG.exception('API worker %d failed', os.getpid())
            return 1
        return 0


class StopFlag:
    """Set by a signal handler, waited on by a green thread. A signal that arrives while the
    hub sleeps in epoll would not wake an eventlet Event's waiter until the hub's next timer,
    so the waiter looks at the flag a few times a second."""

    def __init__(self):
        self.signum = None

    def set(self, signum=signal.SIGTERM, frame=None):
        self.signum = signum

    def is_set(self):
        return self.signum is not None

    def wait(self, interval=0.1):
        while self.signum is None:
            time.sleep(interval)
        return self.signum


def _kill(pid, sig):
    try:
        os.kill(pid, sig)
    except OSError as exc:
        if exc.errno != errno.ESRCH:
            raise


def _describe(status):
    if os.WIFSIGNALED(status):
        return 'killed by signal %d' % os.WTERMSIG(status)
    return 'exit code %d' % os.WEXITSTATUS(status)
