"""Users shared by the API tests: (token, user_id, project_id) of three kinds of caller.

Members also hold reader, as Keystone's implied roles give them."""
import pytest


@pytest.fixture
def demo(make_token):
    return make_token('demo', 'member', 'reader')


@pytest.fixture
def alt(make_token):
    return make_token('alt', 'member', 'reader')


@pytest.fixture
def admin(make_token):
    return make_token('admin', 'admin')
