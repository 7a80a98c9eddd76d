"""novalite: OpenStack compute in one small Python code base."""
