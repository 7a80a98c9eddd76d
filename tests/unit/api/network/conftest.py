"""Fixtures for the network service tests: an in-process client (users in ../conftest.py)."""
import pytest


@pytest.fixture
def network_client(service_app):
    return service_app('network')
