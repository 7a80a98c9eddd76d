"""``memory://``: oslo.messaging's in-memory (``fake://``) driver, woken by deliveries.

The fake driver's listeners look at their queues every 50 ms, so each RPC hop of the
all-in-one process waited 25 ms on average and a boot (a dozen hops) spent most of its time
asleep. This driver keeps the fake driver's exchanges and messages and replaces only the
sleep with a condition that every delivery notifies.
"""
import threading
import time

import oslo_messaging
from oslo_messaging._drivers import base
from oslo_messaging._drivers import impl_fake


class _Exchange(impl_fake.FakeExchange):

    def __init__(self, name, arrived):
        super().__init__(name)
        self._arrived = arrived

    def deliver_message(self, *args, **kwargs):
        super().deliver_message(*args, **kwargs)
        with self._arrived:
            self._arrived.notify_all()


class _ExchangeManager:
    """The exchanges of one driver (the fake driver's manager shares a class-level dict)."""

    def __init__(self, default_exchange):
        self._default_exchange = default_exchange
        self._exchanges = {}
        self._lock = threading.Lock()
        self.arrived = threading.Condition()

    def get_exchange(self, name):
        name = name or self._default_exchange
        with self._lock:
            exchange = self._exchanges.get(name)
            if exchange is None:
                exchange = self._exchanges[name] = _Exchange(name, self.arrived)
            return exchange

    def cleanup(self):
        with self._lock:
            self._exchanges.clear()


class _Listener(impl_fake.FakeListener):

    @base.batch_poll_helper
    def poll(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        arrived = self._exchange_manager.arrived
        while not self._stopped.is_set():
            with arrived:
                for target in self._targets:
                    exchange = self._exchange_manager.get_exchange(target.exchange)
                    ctxt, message, reply_q, requeue = exchange.poll(target, self._pool)
                    if message is not None:
                        return impl_fake.FakeIncomingMessage(ctxt, message, reply_q,
                                                             requeue)
                wait = 1.0 if deadline is None else deadline - time.monotonic()
                if wait <= 0:
                    return None
                arrived.wait(min(wait, 1.0))
        return None

    def stop(self):
        super().stop()
        with self._exchange_manager.arrived:
            self._exchange_manager.arrived.notify_all()


class MemoryDriver(impl_fake.FakeDriver):

    def __init__(self, conf, url, default_exchange=None, allowed_remote_exmods=None):
        super().__init__(conf, url, default_exchange, allowed_remote_exmods)
        self._exchange_manager = _ExchangeManager(default_exchange)

    def listen(self, target, batch_size, batch_timeout):
        exchange = target.exchange or self._default_exchange
        listener = _Listener(self._exchange_manager, [
            oslo_messaging.Target(topic=target.topic, server=target.server,
                                  exchange=exchange),
            oslo_messaging.Target(topic=target.topic, exchange=exchange)])
        return base.PollStyleListenerAdapter(listener, batch_size, batch_timeout)
