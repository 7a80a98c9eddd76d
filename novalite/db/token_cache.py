"""The cache of validated tokens authtoken keeps (``[keystone_authtoken] token_cache_time``).

It lives with the data it caches: every identity write that can change what a token grants
(a role, a project, a user, a trust, the catalog, ...) clears it, and
``novalite/identity/tokens.py`` reads and fills it.
"""
import threading
import time

_MAX = 10000
_cache = {}
_lock = threading.Lock()


def get(key):
    """The cached info for ``key`` while it is fresh, else None."""
    hit = _cache.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    return None


def put(key, info, seconds):
    with _lock:
        if len(_cache) > _MAX:
            _cache.clear()
        _cache[key] = (time.monotonic() + seconds, info)


def pop(key):
    with _lock:
        _cache.pop(key, None)


def clear():
    with _lock:
        _cache.clear()
