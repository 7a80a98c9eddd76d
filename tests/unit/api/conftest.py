"""Users shared by the API tests: (token, user_id, project_id) of three kinds of caller."""
import pytest


@pytest.fixture
def demo(make_token):
    return make_token('demo', 'member')


@pytest.fixture
def alt(make_token):
    return make_token('alt', 'member')


@pytest.fixture
def admin(make_token):
    return make_token('admin', 'admin')
