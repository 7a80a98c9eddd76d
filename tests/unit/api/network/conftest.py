"""Fixtures for the network service tests: an in-process client and three users."""
import pytest


@pytest.fixture
def network_client(service_app):
    return service_app("network")


@pytest.fixture
def demo(make_token):
    return make_token('demo', 'member')


@pytest.fixture
def alt(make_token):
    return make_token('alt', 'member')


@pytest.fixture
def admin(make_token):
    return make_token('admin', 'admin')
