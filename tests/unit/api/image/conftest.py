"""Fixtures for the image service tests: an in-process client (users in ../conftest.py)."""
import pytest


@pytest.fixture
def image_client(service_app):
    return service_app('image')
