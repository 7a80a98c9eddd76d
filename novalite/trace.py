"""Traces: what one request did, hop by hop.

Every API request is a trace keyed by its ``x-openstack-request-id``. Each hop records a
*span* (start, duration, service, host/process, outcome, attributes):

- ``http``   the REST request a pipeline served (api/middleware/trace.py);
- ``cast`` / ``call``  an RPC message sent (novalite/rpc.py's client wrapper), and
  ``handle`` its handler on the receiving service, with the time it waited in the queue;
- ``rest``   a REST call to a neighbouring service (novalite/service_client.py); the
  service it reaches continues the trace from the ``X-Novalite-Trace`` header;
- ``state``  a vm_state / task_state / power_state change (db/api.py instance writes);
- ``step``   a virt driver step (spawn, power_off, ...), ``inject`` an injected failure or
  delay, ``reschedule`` and ``fault`` what the build flow decided.

A span's parent is the span current when it began (a context variable: one per green
thread, one per native thread); the current span travels in the RPC context and the REST
header. Every span counts the database transactions and statements made while it was the
current one (db/session.py hooks SQLAlchemy's events to :func:`count_statement`).

Finished spans are buffered per process and written in batches by a flusher thread to the
sink the process configured (db/traces.py: a table every API worker reads), so the cost on
the request path is a few attribute writes and a deque append.
"""
import collections
import contextlib
import contextvars
import json
import os
import random
import socket
import threading
import time

HEADER = 'X-Novalite-Trace'
CONTEXT_KEY = 'novalite_trace'

_CURRENT = contextvars.ContextVar('novalite_trace_span', default=None)
_BUFFER = collections.deque()
_MAX_BUFFER = 20000  # spans kept when the sink cannot keep up (the oldest are dropped)


class _Settings:
    enabled = True
    flush_interval = 0.5
    sink = None
    host = socket.gethostname()
    flusher_pid = None


SETTINGS = _Settings()


def configure(enabled=True, flush_interval=0.5, sink=None):
    """Switch tracing on or off and name where finished spans go (``sink(list_of_dicts)``)."""
    SETTINGS.enabled = bool(enabled)
    SETTINGS.flush_interval = max(0.05, float(flush_interval))
    if sink is not None:
        SETTINGS.sink = sink


def enabled():
    return SETTINGS.enabled


def current():
    return _CURRENT.get()


class Span:
    __slots__ = ('trace_id', 'span_id', 'parent_id', 'name', 'kind', 'service', 'host',
                 'pid', 'start', 'duration', 'outcome', 'attrs', 'project_id', 'server_id',
                 'db_transactions', 'db_statements', '_t0')

    def __init__(self, trace_id, parent_id, name, kind, service, host, attrs=None,
                 project_id=None, server_id=None):
        self.trace_id = trace_id
        self.span_id = '%016x' % random.getrandbits(64)
        self.parent_id = parent_id
        self.name = name
        self.kind = kind
        self.service = service
        self.host = host
        self.pid = os.getpid()
        self.start = time.time()
        self._t0 = time.perf_counter()
        self.duration = None
        self.outcome = 'ok'
        self.attrs = attrs or {}
        self.project_id = project_id
        self.server_id = server_id
        self.db_transactions = 0
        self.db_statements = 0

    def child(self, name, kind, attrs=None, server_id=None, service=None, host=None):
        return Span(self.trace_id, self.span_id, name, kind, service or self.service,
                    host or self.host, attrs, self.project_id, server_id or self.server_id)

    def finish(self, outcome=None):
        if self.duration is None:
            self.duration = (time.perf_counter() - self._t0) * 1000.0
            if outcome is not None:
                self.outcome = outcome
            _enqueue(self)

    def carrier(self):
        return {'trace_id': self.trace_id, 'span_id': self.span_id,
                'project_id': self.project_id, 'sent_at': time.time()}

    def to_dict(self):
        attrs = dict(self.attrs)
        attrs['db_transactions'] = self.db_transactions
        attrs['db_statements'] = self.db_statements
        return {'trace_id': self.trace_id, 'span_id': self.span_id,
                'parent_id': self.parent_id, 'name': self.name, 'kind': self.kind,
                'service': self.service, 'host': self.host, 'pid': self.pid,
                'start': self.start, 'duration': round(self.duration or 0.0, 3),
                'outcome': self.outcome, 'project_id': self.project_id,
                'server_id': self.server_id, 'attrs': attrs}


@contextlib.contextmanager
def activate(span, finish=True):
    """Make ``span`` the current one inside the block; finish it on the way out (an
    exception is its outcome and goes on); ``finish=False``: the caller finishes it."""
    token = _CURRENT.set(span)
    try:
        yield span
    except BaseException as exc:
        span.finish(outcome=_outcome(exc))
        raise
    finally:
        _CURRENT.reset(token)
        if finish:
            span.finish()


@contextlib.contextmanager
def suspended():
    """No span is current inside the block (the flusher's own database writes)."""
    token = _CURRENT.set(None)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def _outcome(exc):
    code = getattr(exc, 'code', None)
    name = type(exc).__name__
    message = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ''
    text = '%s: %s' % (name, message) if message else name
    return 'error %s %s' % (code, text) if isinstance(code, int) else 'error ' + text


# ----------------------------------------------------------------------------- hops
def begin(trace_id, name, kind, service, carrier=None, attrs=None, host=None):
    """A span that starts a trace (``carrier`` None) or continues one that arrived over the
    wire (the RPC context, the REST header). None when tracing is off."""
    if not SETTINGS.enabled or not trace_id:
        return None
    project_id = None
    parent_id = None
    if carrier:
        trace_id = carrier.get('trace_id') or trace_id
        parent_id = carrier.get('span_id')
        project_id = carrier.get('project_id')
    return Span(trace_id, parent_id, name, kind, service, host or SETTINGS.host, attrs,
                project_id=project_id)


def child(name, kind, **attrs):
    """A span under the current one (None outside a trace); use with :func:`activate`."""
    parent = _CURRENT.get()
    if parent is None or not SETTINGS.enabled:
        return None
    server_id = attrs.pop('server_id', None)
    return parent.child(name, kind, attrs, server_id=server_id)


@contextlib.contextmanager
def span(name, kind, **attrs):
    """``with trace.span('spawn', 'step', server_id=...)``: a child span of the current
    one, current inside the block; nothing at all outside a trace."""
    s = child(name, kind, **attrs)
    if s is None:
        yield None
        return
    with activate(s):
        yield s


def event(name, kind, outcome=None, **attrs):
    """An instant span under the current one (a state change, a fault, a reschedule)."""
    s = child(name, kind, **attrs)
    if s is not None:
        s.finish(outcome=outcome)
    return s


_STATE_KEYS = ('vm_state', 'task_state', 'power_state')


def states(server_id, updates, created=False):
    """A ``state`` span for each vm_state / task_state / power_state an instance write sets."""
    if _CURRENT.get() is None:
        return
    from novalite.compute import states as st
    for key in _STATE_KEYS:
        if key in updates:
            value = updates[key]
            shown = st.POWER_STATES.get(value, value) if key == 'power_state' else value
            event('%s %s' % (key, shown), 'state', server_id=server_id, field=key,
                  value=shown, initial=created)
    set_server(server_id)


def set_server(server_id):
    """Name the server the current trace is about (an API span learns it late)."""
    s = _CURRENT.get()
    if s is not None and s.server_id is None:
        s.server_id = server_id


def carrier():
    """What travels with an RPC message or a REST call (None outside a trace)."""
    s = _CURRENT.get()
    return s.carrier() if s is not None else None


def header_value():
    s = _CURRENT.get()
    if s is None:
        return None
    return '%s;%s;%s' % (s.trace_id, s.span_id, s.project_id or '')


def parse_header(value):
    parts = (value or '').split(';')
    if len(parts) != 3 or not parts[0] or not parts[1] or len(parts[0]) > 64 \
            or len(parts[1]) > 32 or len(parts[2]) > 64:
        return None
    return {'trace_id': parts[0], 'span_id': parts[1], 'project_id': parts[2] or None}


def count_statement():
    s = _CURRENT.get()
    if s is not None:
        s.db_statements += 1


def count_transaction():
    s = _CURRENT.get()
    if s is not None:
        s.db_transactions += 1


# ----------------------------------------------------------------------------- storage
def _enqueue(span):
    if len(_BUFFER) >= _MAX_BUFFER:
        _BUFFER.popleft()
    _BUFFER.append(span)
    if SETTINGS.flusher_pid != os.getpid() and SETTINGS.sink is not None:
        SETTINGS.flusher_pid = os.getpid()
        threading.Thread(target=_flusher, name='trace-flusher', daemon=True).start()


def _flusher():
    pid = os.getpid()
    while SETTINGS.flusher_pid == pid:
        time.sleep(SETTINGS.flush_interval)
        try:
            flush()
        except Exception:  # a database away for a moment: the spans wait in the buffer
            pass


def flush():
    """Hand the finished spans to the sink now (the API flushes before it reads)."""
    sink = SETTINGS.sink
    if sink is None or not _BUFFER:
        return 0
    spans = []
    while _BUFFER and len(spans) < 2000:
        spans.append(_BUFFER.popleft())
    with suspended():
        try:
            sink([s.to_dict() for s in spans])
        except Exception:
            _BUFFER.extendleft(reversed(spans))
            raise
    return len(spans)


def attrs_json(attrs):
    return json.dumps(attrs, separators=(',', ':'), default=str)
