"""Console entry points. Importing this package monkey-patches first, before anything else
imports threading or socket (the one place that does).

eventlet announces at import that it is deprecated: a nine-line ``EventletDeprecationWarning``
(a plain ``Warning`` subclass, so Python shows it by default), attributed to the module that
imports eventlet, ``novalite.concurrency``. A user of a ``novalite`` command cannot act on it, so
the console entry points, and only they, import ``concurrency`` with that one warning filtered
(message and module; nothing else is hidden, and ``-W``/``PYTHONWARNINGS`` still win). Imported
anywhere else (the test suite, a library user), ``concurrency`` warns as before.
"""
import sys
import warnings

with warnings.catch_warnings():
    if not sys.warnoptions:
        warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated',
                                module=r'novalite\.concurrency$')
    from novalite import concurrency

concurrency.patch()
