"""A warm ``openstack`` for the functional tests: most of a command's second of CPU is
importing python-openstackclient, openstacksdk and keystoneauth. ``serve`` imports them
once, then forks a child per command; the child takes the caller's argv, environment,
working directory and stdin/stdout/stderr and runs ``openstackclient.shell.main`` (what the
``openstack`` console script runs) in a process of its own, so commands share no state.

``python -S warm_openstack.py ARGS...`` (stdlib only, starts in a few ms) is the command the
tests run: it hands ARGS to the server on $NOVALITE_TEST_OSC_SOCKET and exits with the
command's status; without a server it runs the real ``openstack`` instead."""
import json
import os
import socket
import struct
import sys

SOCKET_ENV = 'NOVALITE_TEST_OSC_SOCKET'
REAL_ENV = 'NOVALITE_TEST_OSC_REAL'


def _recv_exact(conn, size):
    data = b''
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _run_child(conn):
    """In the forked child: become the caller's command, report its exit status."""
    code = 1
    try:
        header, fds, _, _ = socket.recv_fds(conn, 4, 3)
        (size,) = struct.unpack('!I', header + _recv_exact(conn, 4 - len(header)))
        request = json.loads(_recv_exact(conn, size))
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.clear()
        os.environ.update(request['env'])
        os.chdir(request['cwd'])
        sys.argv = ['openstack'] + request['argv']
        from openstackclient import shell
        try:
            code = shell.main(request['argv'])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # what the interpreter would print and exit 1 for
            import traceback
            traceback.print_exc()
            code = 1
        code = code or 0
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:  # noqa: BLE001 - the caller may have gone
            pass
        try:
            conn.sendall(struct.pack('!i', code))
        finally:
            os._exit(0)


def serve(path):
    # what every command imports, once (also patched by sitecustomize when on the path);
    # cliff names the program after sys.argv[0] when it is imported
    sys.argv = ['openstack']
    import openstack  # noqa: F401
    import openstackclient.shell  # noqa: F401
    import osc_lib.utils  # noqa: F401
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    server.settimeout(5)
    parent = os.getppid()
    print('ready', flush=True)
    while os.getppid() == parent:  # ends with the test process, however that ends
        try:
            conn, _ = server.accept()
        except socket.timeout:
            continue
        conn.settimeout(None)
        pid = os.fork()
        if pid == 0:
            server.close()
            _run_child(conn)
        conn.close()
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass


def call(argv):
    path = os.environ.get(SOCKET_ENV)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
    except (OSError, TypeError):
        real = os.environ[REAL_ENV]
        os.execv(real, [real] + argv)
    body = json.dumps({'argv': argv, 'env': dict(os.environ), 'cwd': os.getcwd()}).encode()
    socket.send_fds(conn, [struct.pack('!I', len(body))], [0, 1, 2])
    conn.sendall(body)
    try:
        (code,) = struct.unpack('!i', _recv_exact(conn, 4))
    except EOFError:
        sys.stderr.write('warm openstack: the command died without a status\n')
        code = 1
    return code


if __name__ == '__main__':
    if sys.argv[1:2] == ['--serve']:
        serve(sys.argv[2])
    else:
        sys.exit(call(sys.argv[1:]))
