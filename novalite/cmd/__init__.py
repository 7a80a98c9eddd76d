"""Console entry points. Importing this package monkey-patches first, before anything else
imports threading or socket (the one place that does)."""
from novalite import concurrency

concurrency.patch()
