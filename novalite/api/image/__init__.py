"""The image service (Glance v2) served under /image."""
