"""The identity service: Keystone v3 (and v2.0 tokens) over novalite's identity tables."""
