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
current one (db/trace_db.py wraps the engine dialect's execute and commit methods).

Finished spans are buffered per process (a bounded deque) and written in batches by a
flusher thread, every [trace] flush_interval and before the API reads traces, to the sink
the process configured (db/trace_db.py: a table every API worker reads, a few rows per
trace), so the cost on the request path is a few slot writes and a deque append. What it
all costs per boot: README, "What tracing costs" (bench/trace_cost.py, bench/boot.py).
"""
import collections
import contextvars
import json
import os
import random
import socket
import threading
import time

from novalite.compute import states as _st

HEADER = 'X-Novalite-Trace'
CONTEXT_KEY = 'novalite_trace'

_CURRENT = contextvars.ContextVar('novalite_trace_span', default=None)
_current = _CURRENT.get
_MAX_BUFFER = 20000  # spans kept when the sink cannot keep up (the oldest are dropped)
_BUFFER = collections.deque(maxlen=_MAX_BUFFER)
_PID = [os.getpid()]  # this process's id, renewed in a forked child (an API worker)
_getrandbits = random.getrandbits
_time = time.time
_clock = time.perf_counter


def _forked():
    _PID[0] = os.getpid()
    _BUFFER.clear()  # the parent writes its own spans


if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_forked)


class _Settings:
    enabled = True
    flush_interval = 0.5
    sink = None
    host = socket.gethostname()
    flusher_pid = None


SETTINGS = _Settings()


def configure(enabled=True, flush_interval=0.5, sink=None):
    """Switch tracing on or off and name where finished spans go: ``sink(list_of_dicts)``,
    or, when the sink has a true ``takes_spans`` attribute, ``sink(list_of_spans)`` (no dict
    per span: db/trace_db.py reads the :class:`Span` objects directly)."""
    SETTINGS.enabled = bool(enabled)
    SETTINGS.flush_interval = max(0.05, float(flush_interval))
    if sink is not None:
        SETTINGS.sink = sink


def enabled():
    return SETTINGS.enabled


def current():
    return _CURRENT.get()


class Span:
    """One hop. Creating, nesting and finishing one is a few slot writes and a deque append
    (no dict, no JSON, no I/O): what the request path pays."""
    __slots__ = ('trace_id', 'span_id', 'parent_id', 'name', 'kind', 'service', 'host',
                 'pid', 'start', 'duration', 'outcome', 'attrs', 'project_id', 'server_id',
                 'db_transactions', 'db_statements', '_t0')

    def __init__(self, trace_id, parent_id, name, kind, service, host, attrs=None,
                 project_id=None, server_id=None):
        self.trace_id = trace_id
        self.span_id = '%016x' % _getrandbits(64)
        self.parent_id = parent_id
        self.name = name
        self.kind = kind
        self.service = service
        self.host = host
        self.pid = _PID[0]
        self.start = _time()
        self._t0 = _clock()
        self.duration = None
        self.outcome = 'ok'
        self.attrs = attrs if attrs is not None else {}
        self.project_id = project_id
        self.server_id = server_id
        self.db_transactions = 0
        self.db_statements = 0

    def child(self, name, kind, attrs=None, server_id=None, service=None, host=None):
        return Span(self.trace_id, self.span_id, name, kind, service or self.service,
                    host or self.host, attrs, self.project_id, server_id or self.server_id)

    def finish(self, outcome=None):
        if self.duration is None:
            self.duration = (_clock() - self._t0) * 1000.0
            if outcome is not None:
                self.outcome = outcome
            _BUFFER.append(self)  # a full buffer drops its oldest span
            if SETTINGS.flusher_pid != _PID[0] and SETTINGS.sink is not None:
                _start_flusher()

    def carrier(self):
        return {'trace_id': self.trace_id, 'span_id': self.span_id,
                'project_id': self.project_id, 'sent_at': _time()}

    def to_dict(self):
        return {'trace_id': self.trace_id, 'span_id': self.span_id,
                'parent_id': self.parent_id, 'name': self.name, 'kind': self.kind,
                'service': self.service, 'host': self.host, 'pid': self.pid,
                'start': self.start, 'duration': round(self.duration or 0.0, 3),
                'outcome': self.outcome, 'project_id': self.project_id,
                'server_id': self.server_id,
                'attrs': dict(self.attrs, db_transactions=self.db_transactions,
                              db_statements=self.db_statements)}


class _Active:
    """``with activate(span)``: a class, not a generator context manager (a third of the
    cost, paid at every hop)."""
    __slots__ = ('span', 'finish', 'token')

    def __init__(self, span, finish):
        self.span = span
        self.finish = finish

    def __enter__(self):
        self.token = _CURRENT.set(self.span)
        return self.span

    def __exit__(self, exc_type, exc, tb):
        _CURRENT.reset(self.token)
        if exc_type is not None:
            self.span.finish(outcome=_outcome(exc))
        elif self.finish:
            self.span.finish()
        return False


class _Nothing:
    """``with span(...)`` outside a trace: yields None, does nothing."""
    __slots__ = ()

    def __enter__(self):
        return None

    def __exit__(self, exc_type, exc, tb):
        return False


_NOTHING = _Nothing()


def activate(span, finish=True):
    """Make ``span`` the current one inside the ``with`` block; finish it on the way out (an
    exception is its outcome and goes on); ``finish=False``: the caller finishes it."""
    return _Active(span, finish)


class suspended:
    """No span is current inside the block (the flusher's own database writes)."""
    __slots__ = ('token',)

    def __enter__(self):
        self.token = _CURRENT.set(None)

    def __exit__(self, exc_type, exc, tb):
        _CURRENT.reset(self.token)
        return False


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
    parent = _current()
    if parent is None or not SETTINGS.enabled:
        return None
    return parent.child(name, kind, attrs, attrs.pop('server_id', None))


def span(name, kind, **attrs):
    """``with trace.span('spawn', 'step', server_id=...)``: a child span of the current
    one, current inside the block; nothing at all outside a trace."""
    parent = _current()
    if parent is None or not SETTINGS.enabled:
        return _NOTHING
    return _Active(parent.child(name, kind, attrs, attrs.pop('server_id', None)), True)


def event(name, kind, outcome=None, **attrs):
    """An instant span under the current one (a state change, a fault, a reschedule)."""
    parent = _current()
    if parent is None or not SETTINGS.enabled:
        return None
    s = parent.child(name, kind, attrs, attrs.pop('server_id', None))
    s.finish(outcome=outcome)
    return s


_STATE_KEYS = ('vm_state', 'task_state', 'power_state')


def states(server_id, updates, created=False):
    """A ``state`` span for each vm_state / task_state / power_state an instance write sets."""
    if _current() is None:
        return
    for key in _STATE_KEYS:
        if key in updates:
            value = updates[key]
            shown = _st.POWER_STATES.get(value, value) if key == 'power_state' else value
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
    s = _current()
    if s is not None:
        s.db_statements += 1


def count_transaction():
    s = _current()
    if s is not None:
        s.db_transactions += 1


# ----------------------------------------------------------------------------- storage
def _start_flusher():
    SETTINGS.flusher_pid = _PID[0]
    threading.Thread(target=_flusher, name='trace-flusher', daemon=True).start()


def _flusher():
    pid = _PID[0]
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
    popleft = _BUFFER.popleft
    try:
        while len(spans) < 2000:
            spans.append(popleft())
    except IndexError:
        pass
    with suspended():
        try:
            sink(spans if getattr(sink, 'takes_spans', False)
                 else [s.to_dict() for s in spans])
        except Exception:
            # back in front, in order; the bounded deque then drops the oldest, as promised
            kept = spans + list(_BUFFER)
            _BUFFER.clear()
            _BUFFER.extend(kept)
            raise
    return len(spans)


def attrs_json(attrs):
    return json.dumps(attrs, separators=(',', ':'), default=str)
