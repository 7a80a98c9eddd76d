"""The one module that knows about eventlet.

Everything else asks this module to spawn work, sleep, serve WSGI or build locks, so a native
threads backend can replace eventlet here alone (Nova is moving off eventlet too).
"""
import os

import eventlet

_patched = False


def patch():
    """Monkey-patch the standard library; call first thing in an entry point."""
    global _patched
    if not _patched:
        os.environ.setdefault('EVENTLET_NO_GREENDNS', 'yes')
        eventlet.monkey_patch()
        _patched = True


def spawn(func, *args, **kwargs):
    return eventlet.spawn(func, *args, **kwargs)


def spawn_n(func, *args, **kwargs):
    eventlet.spawn_n(func, *args, **kwargs)


def sleep(seconds=0):
    eventlet.sleep(seconds)


def pool(size):
    return eventlet.GreenPool(size)


def semaphore(value=1):
    return eventlet.semaphore.Semaphore(value)


def event():
    return eventlet.event.Event()


RPC_EXECUTOR = 'threading'  # oslo.messaging's threading executor, green once patched


def listen(host, port, backlog=1024):
    return eventlet.listen((host, port), backlog=backlog,
                           family=_family(host))


def _family(host):
    import socket
    return socket.AF_INET6 if ':' in host else socket.AF_INET


def serve_wsgi(sock, app, pool_size=1000, log=None):
    """Serve ``app`` on ``sock`` until the process ends (blocks)."""
    from eventlet import wsgi
    wsgi.server(sock, app, custom_pool=eventlet.GreenPool(pool_size), log=log,
                log_output=log is not None, keepalive=True, socket_timeout=900,
                max_size=pool_size, debug=False)
