"""novalite's own API (``/novalite/v1``): request traces."""
