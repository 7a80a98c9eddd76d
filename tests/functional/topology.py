"""A scaled-out novalite on one machine, as subprocesses: what the functional tests and
``bench/boot.py --topology scaled`` start.

    topo = Topology(workdir, backend='postgresql', computes=['cmp1', 'cmp2', 'cmp3'])
    topo.setup()        # a database and a RabbitMQ vhost of its own, novalite.conf,
                        # novalite-manage db sync + bootstrap (clouds.yaml, openrc)
    topo.start_all()    # novalite-conductor, -scheduler, -volume, -compute --host each, -api
    ...
    topo.teardown()     # stops every process by PID, drops the database and the vhost

Each topology gets its own database (``novalite_<random>``) and its own RabbitMQ vhost, so
parallel runs never share a queue. Every wait is bounded. Loopback only.
"""
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid

import requests

LOG = logging.getLogger(__name__)

SERVERS = {
    'postgresql': 'postgresql+psycopg://postgres@127.0.0.1:5432/%s',
    'mysql': 'mysql+pymysql://root:@127.0.0.1:3306/%s',
}
RABBIT = 'rabbit://guest:guest@127.0.0.1:5672/%s'

SERVICE_MODULES = {
    'api': 'novalite.cmd.api',
    'conductor': 'novalite.cmd.conductor',
    'scheduler': 'novalite.cmd.scheduler',
    'compute': 'novalite.cmd.compute',
    'volume': 'novalite.cmd.volume',
    'manage': 'novalite.cmd.manage',
}


class TopologyError(RuntimeError):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def rabbitmqctl(*args, timeout=60, check=True):
    exe = shutil.which('rabbitmqctl') or '/usr/sbin/rabbitmqctl'
    proc = subprocess.run([exe] + list(args), capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise TopologyError('rabbitmqctl %s: %s' % (' '.join(args), proc.stderr.strip()))
    return proc.stdout


def _admin_engine(backend):
    import sqlalchemy as sa
    return sa.create_engine(SERVERS[backend] % 'test', isolation_level='AUTOCOMMIT',
                            poolclass=sa.pool.NullPool)


def create_database(backend, name):
    engine = _admin_engine(backend)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql('CREATE DATABASE %s' % name)
    finally:
        engine.dispose()
    return SERVERS[backend] % name


def drop_database(backend, name):
    engine = _admin_engine(backend)
    try:
        with engine.connect() as conn:
            force = ' WITH (FORCE)' if backend == 'postgresql' else ''
            conn.exec_driver_sql('DROP DATABASE IF EXISTS %s%s' % (name, force))
    finally:
        engine.dispose()


class Topology:

    def __init__(self, workdir, backend='postgresql', computes=('cmp1', 'cmp2', 'cmp3'),
                 api_workers=2, report_interval=1, service_down_time=5, extra_conf='',
                 python=None):
        self.workdir = os.path.abspath(str(workdir))
        self.backend = backend
        self.computes = list(computes)
        self.api_workers = api_workers
        self.report_interval = report_interval
        self.service_down_time = service_down_time
        self.extra_conf = extra_conf
        self.python = python or sys.executable
        suffix = uuid.uuid4().hex[:10]
        self.db_name = 'novalite_%s' % suffix
        self.vhost = 'novalite-%s' % suffix
        self.port = None
        self.url = None
        self.config_file = os.path.join(self.workdir, 'novalite.conf')
        self.clouds_yaml = os.path.join(self.workdir, 'clouds.yaml')
        self.processes = {}  # name -> Popen
        self._db_created = self._vhost_created = False
        self._engine = None

    # ---------------------------------------------------------------- set up / tear down
    def setup(self):
        import concurrent.futures
        os.makedirs(self.workdir, exist_ok=True)
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            vhost = pool.submit(self._add_vhost)  # rabbitmqctl is slow: meanwhile, the DB
            try:
                connection = create_database(self.backend, self.db_name)
                self._db_created = True
                self.write_config(connection)
                self.manage('db', 'sync')
                self.manage('bootstrap', '--output-dir', self.workdir)
            finally:
                vhost.result()
        return self

    def _add_vhost(self):
        rabbitmqctl('add_vhost', self.vhost)
        self._vhost_created = True
        rabbitmqctl('set_permissions', '-p', self.vhost, 'guest', '.*', '.*', '.*')

    def write_config(self, connection, extra=''):
        text = (
            '[DEFAULT]\n'
            'transport_url = %(rabbit)s\n'
            'state_dir = %(state)s\n'
            'report_interval = %(report)d\n'
            'service_down_time = %(down)d\n'
            'graceful_shutdown_timeout = 30\n'
            '[database]\n'
            'connection = %(db)s\n'
            'max_pool_size = 5\n'
            'max_overflow = 20\n'
            '[api]\n'
            'bind_host = 127.0.0.1\n'
            'bind_port = %(port)d\n'
            'workers = %(workers)d\n'
            '[oslo_messaging_rabbit]\n'
            'rabbit_retry_interval = 1\n'
            'rabbit_retry_backoff = 1\n'
            'rabbit_interval_max = 2\n'
            'kombu_reconnect_delay = 0.5\n'
            % {'rabbit': RABBIT % self.vhost, 'state': self.workdir, 'db': connection,
               'report': self.report_interval, 'down': self.service_down_time,
               'port': self.port, 'workers': self.api_workers})
        self._connection = connection
        with open(self.config_file, 'w') as f:
            f.write(text + self.extra_conf + extra)

    def set_option(self, section, key, value):
        """Change one option in novalite.conf (then SIGHUP the API or restart a service)."""
        import configparser
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str
        parser.read(self.config_file)
        if section != 'DEFAULT' and not parser.has_section(section):
            parser.add_section(section)
        parser.set(section, key, str(value))
        with open(self.config_file, 'w') as f:
            parser.write(f)

    def teardown(self):
        self.stop_all()
        if self._engine is not None:
            self._engine.dispose()
        if self._vhost_created:
            try:
                rabbitmqctl('delete_vhost', self.vhost, check=False)
            except Exception:
                LOG.exception('could not delete vhost %s', self.vhost)
        if self._db_created:
            try:
                drop_database(self.backend, self.db_name)
            except Exception:
                LOG.exception('could not drop database %s', self.db_name)

    # ---------------------------------------------------------------- processes
    def command(self, service, *args):
        return [self.python, '-m', SERVICE_MODULES[service], '--config-file',
                self.config_file] + list(args)

    def manage(self, *args, timeout=120, ok=(0,)):
        proc = subprocess.run(self.command('manage', *args), capture_output=True, text=True,
                              timeout=timeout)
        if proc.returncode not in ok:
            raise TopologyError('novalite-manage %s failed: %s'
                                % (' '.join(args), proc.stderr[-2000:]))
        return proc.stdout

    def start(self, name):
        """Start one service: 'api', 'conductor', 'scheduler', 'volume' (the volume manager,
        cinder-volume) or a compute host's name."""
        if name in self.processes and self.processes[name].poll() is None:
            raise TopologyError('%s is already running' % name)
        if name in ('api', 'conductor', 'scheduler', 'volume'):
            args = self.command(name)
            if name == 'api':
                args += ['--workers', str(self.api_workers)]
        else:
            args = self.command('compute', '--host', name)
        log = open(os.path.join(self.workdir, '%s.log' % name), 'ab')
        try:
            self.processes[name] = subprocess.Popen(args, stdout=log,
                                                    stderr=subprocess.STDOUT,
                                                    start_new_session=True)
        finally:
            log.close()
        return self.processes[name]

    def start_all(self, timeout=90):
        for name in ['conductor', 'scheduler', 'volume'] + self.computes + ['api']:
            self.start(name)
        self.wait_api(timeout)
        self.wait_services_up(timeout=timeout)
        return self

    def pid(self, name):
        return self.processes[name].pid

    def signal(self, name, sig):
        os.kill(self.processes[name].pid, sig)

    def stop(self, name, timeout=40):
        """SIGTERM the process (by PID) and wait for it; SIGKILL its group if it hangs."""
        proc = self.processes.get(name)
        if proc is None or proc.poll() is not None:
            return proc.returncode if proc else None
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout)
        except subprocess.TimeoutExpired:
            LOG.warning('%s (pid %d) ignored SIGTERM for %ss; killing it', name, proc.pid,
                        timeout)
            self.kill(name)
            return proc.returncode

    def kill(self, name):
        """kill -9 the process and everything in its process group (API workers)."""
        proc = self.processes.get(name)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(10)

    def stop_all(self, timeout=40):
        """SIGTERM every process at once, wait for them; SIGKILL the ones that hang."""
        running = {n: p for n, p in self.processes.items() if p.poll() is None}
        for proc in running.values():
            try:
                proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        for name, proc in running.items():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                LOG.warning('%s (pid %d) ignored SIGTERM; killing it', name, proc.pid)
                self.kill(name)

    def api_workers_pids(self):
        """PIDs of the API parent's children (its workers)."""
        pid = self.pid('api')
        try:
            with open('/proc/%d/task/%d/children' % (pid, pid)) as f:
                return sorted(int(p) for p in f.read().split())
        except OSError:
            return []

    # ---------------------------------------------------------------- waits
    def wait_api(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.processes.get('api')
            if proc is not None and proc.poll() is not None:
                raise TopologyError('novalite-api exited with %s; see %s/api.log'
                                    % (proc.returncode, self.workdir))
            try:
                if requests.get(self.url + '/identity', timeout=2).status_code == 300:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise TopologyError('novalite-api did not answer within %ss' % timeout)

    def service_list(self):
        """[{'binary', 'host', 'state', 'updated_at'}]: what ``novalite-manage service list``
        shows, read straight from the database (a subprocess per poll would be slow)."""
        import datetime

        import sqlalchemy as sa
        if self._engine is None:
            self._engine = sa.create_engine(self._connection, poolclass=sa.pool.NullPool)
        with self._engine.connect() as conn:
            rows = conn.execute(sa.text(
                'SELECT "binary", host, forced_down, last_seen_up, updated_at, created_at '
                'FROM services ORDER BY id' if self.backend == 'postgresql' else
                'SELECT `binary`, host, forced_down, last_seen_up, updated_at, created_at '
                'FROM services ORDER BY id')).all()
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        result = []
        for binary, host, forced_down, last_seen, updated, created in rows:
            seen = last_seen or updated or created
            up = (not forced_down and seen is not None
                  and (now - seen).total_seconds() <= self.service_down_time)
            result.append({'binary': binary, 'host': host, 'state': 'up' if up else 'down',
                           'updated_at': seen.isoformat() if seen else None})
        return result

    def wait_services_up(self, hosts=None, timeout=60, since=None):
        """Until every running service (or those of ``hosts``) reports up (with a heartbeat
        later than ``since``, a naive UTC datetime, when given)."""
        import datetime
        wanted = {('nova-conductor', None), ('nova-scheduler', None)}
        wanted |= {('nova-compute', h) for h in (hosts or self.running_computes())}
        if 'volume' in self.processes and self.processes['volume'].poll() is None:
            wanted.add(('cinder-volume', None))
        deadline = time.monotonic() + timeout
        rows = []
        while time.monotonic() < deadline:
            for name, proc in self.processes.items():
                if proc.poll() is not None and (name in ('conductor', 'scheduler', 'volume')
                                                or name in (hosts or self.running_computes())):
                    raise TopologyError('%s exited with %s; see %s/%s.log'
                                        % (name, proc.returncode, self.workdir, name))
            rows = self.service_list()
            up = {(r['binary'], r['host']) for r in rows if r['state'] == 'up'
                  and (since is None
                       or datetime.datetime.fromisoformat(r['updated_at']) > since)}
            up |= {(b, None) for b, _ in up}
            if wanted <= up:
                return rows
            time.sleep(0.5)
        raise TopologyError('services not up within %ss: %s' % (timeout, rows))

    def running_computes(self):
        return [h for h in self.computes
                if h in self.processes and self.processes[h].poll() is None]


class AllInOne:
    """``novalite serve`` on a free loopback port with a state directory of its own (SQLite,
    ``memory://``, ``[DEFAULT] fake_compute_hosts``), for comparisons with a Topology."""

    def __init__(self, workdir, extra_conf='', python=None):
        self.workdir = os.path.abspath(str(workdir))
        self.extra_conf = extra_conf
        self.python = python or sys.executable
        self.port = None
        self.url = None
        self.clouds_yaml = os.path.join(self.workdir, 'clouds.yaml')
        self.process = None

    def start(self, timeout=90):
        os.makedirs(self.workdir, exist_ok=True)
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        args = [self.python, '-m', 'novalite.cmd.serve', 'serve', '--host', '127.0.0.1',
                '--port', str(self.port), '--state-dir', self.workdir]
        if self.extra_conf:
            path = os.path.join(self.workdir, 'extra.conf')
            with open(path, 'w') as f:
                f.write(self.extra_conf)
            args += ['--config-file', path]
        with open(os.path.join(self.workdir, 'serve.log'), 'ab') as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise TopologyError('novalite serve exited with %s; see %s/serve.log'
                                    % (self.process.returncode, self.workdir))
            try:
                if requests.get(self.url + '/identity', timeout=2).status_code == 300:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise TopologyError('novalite serve did not answer within %ss' % timeout)

    def stop(self, timeout=30):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
