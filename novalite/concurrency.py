"""The one module that knows about eventlet.

Everything else asks this module to spawn work, sleep, serve WSGI or build locks, so a native
threads backend can replace eventlet here alone (Nova is moving off eventlet too).
"""
import os

# set before eventlet's import: with it eventlet never imports dnspython, whose import
# warns on newer cryptography (DSA) and which novalite does not use (names come from
# /etc/hosts and the system resolver)
os.environ.setdefault('EVENTLET_NO_GREENDNS', 'yes')

import eventlet  # noqa: E402

_patched = False


def patch():
    """Monkey-patch the standard library; call first thing in an entry point."""
    global _patched
    if not _patched:
        # psycopg 3 waits for PostgreSQL in C (wait_c), which would block every green
        # thread of the process; select.select, once patched, yields to the hub instead
        os.environ.setdefault('PSYCOPG_WAIT_FUNC', 'wait_select')
        eventlet.monkey_patch()
        _patched = True


def patched():
    """Whether eventlet has patched this process (an entry point's, not a unit test's)."""
    return _patched


class Timeout(Exception):
    """``call_in_green_thread`` waited longer than its timeout."""


def call_in_green_thread(func, *args, timeout=None):
    """``func(*args)`` in a green thread of its own (its own context variables and green
    thread locals), waiting at most ``timeout`` seconds for it (``Timeout``; the green
    thread goes on, as a server goes on with a request whose client gave up)."""
    thread = eventlet.spawn(func, *args)
    if not timeout:
        return thread.wait()
    timer = eventlet.Timeout(timeout)
    try:
        return thread.wait()
    except eventlet.Timeout as exc:
        if exc is not timer:  # a timeout of the caller's own, around this call
            raise
        raise Timeout('no answer within %ss' % timeout)
    finally:
        timer.cancel()


def spawn(func, *args, **kwargs):
    return eventlet.spawn(func, *args, **kwargs)


def spawn_n(func, *args, **kwargs):
    eventlet.spawn_n(func, *args, **kwargs)


def sleep(seconds=0):
    eventlet.sleep(seconds)


def native(func, *args, **kwargs):
    """Run a blocking C call (libvirt) in a native thread so green threads go on;
    a plain call when eventlet has not patched the process (Nova's tpool.Proxy)."""
    if not _patched:
        return func(*args, **kwargs)
    from eventlet import tpool
    return tpool.execute(func, *args, **kwargs)


def pool(size):
    return eventlet.GreenPool(size)


def semaphore(value=1):
    return eventlet.semaphore.Semaphore(value)


def event():
    return eventlet.event.Event()


RPC_EXECUTOR = 'threading'  # oslo.messaging's threading executor, green once patched


def listen(host, port, backlog=1024):
    """The listening socket, without SO_REUSEPORT (eventlet's default): a second process
    on a port in use fails with EADDRINUSE instead of silently sharing it; API workers
    share their parent's socket by inheriting it."""
    return eventlet.listen((host, port), backlog=backlog, family=_family(host),
                           reuse_port=False)


def _family(host):
    import socket
    return socket.AF_INET6 if ':' in host else socket.AF_INET


def yielding(app):
    """``app`` behind one cooperative yield per request. eventlet.wsgi reads a keep-alive
    connection's next request and serves it without ever yielding when the bytes are
    already there, so one busy connection would starve the others (a GET p99 of hundreds
    of ms at 8 connections while each request takes a millisecond)."""
    def _app(environ, start_response):
        eventlet.sleep(0)
        return app(environ, start_response)
    return _app


def serve_wsgi(sock, app, pool_size=1000, log=None):
    """Serve ``app`` on ``sock`` until the process ends (blocks)."""
    from eventlet import wsgi
    wsgi.server(sock, yielding(app), custom_pool=eventlet.GreenPool(pool_size), log=log,
                log_output=log is not None, keepalive=True, socket_timeout=900,
                max_size=pool_size, debug=False)


def start_wsgi(sock, app, pool_size=1000, log=None):
    """Serve ``app`` on ``sock`` in a green thread; stop it with ``stop_wsgi``."""
    return eventlet.spawn(serve_wsgi, sock, app, pool_size, log)


def stop_wsgi(server, timeout, sock=None):
    """Stop accepting, let in-flight requests finish (idle keep-alive connections are closed),
    wait at most ``timeout`` seconds; True when everything finished in time. ``sock`` (the
    listening socket, when no other process shares it) is closed at once, so new
    connections are refused rather than left waiting in its backlog."""
    server.kill()  # GreenletExit in accept(): eventlet.wsgi's finally drains its pool
    if sock is not None:
        sock.close()
    try:
        with eventlet.Timeout(timeout):
            server.wait()
    except eventlet.Timeout:
        return False
    except BaseException:  # noqa: B036 - the GreenletExit the kill raised
        pass
    return True


def reinit_after_fork():
    """In a forked child: a hub of its own, so it shares no epoll fd with its parent."""
    import eventlet.hubs
    eventlet.hubs.use_hub()
