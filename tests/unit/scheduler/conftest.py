"""Scheduler fixtures: compute services changed in place, scheduler options overridden
(make_node and get_node are in tests/unit/conftest.py, shared with the db tests)."""
import pytest
import sqlalchemy as sa

from novalite.db import models


@pytest.fixture
def update_service(database):
    """update_service('h1', disabled=True) / last_seen_up=... on the host's service row."""
    def _update(host, **values):
        with database.transaction() as session:
            session.execute(sa.update(models.Service)
                            .where(models.Service.host == host,
                                   models.Service.binary == 'nova-compute')
                            .values(**values))
    return _update


@pytest.fixture
def override(conf):
    """``override(name, value)``: conf.set_override in [filter_scheduler], undone afterwards.

    Group options share their overrides between ConfigOpts objects (see
    tests/unit/conf/test_init.py), so an override left behind would leak into later tests.
    """
    done = []

    def _set(name, value, group='filter_scheduler'):
        conf.set_override(name, value, group=group)
        done.append((name, group))
    yield _set
    for name, group in reversed(done):
        conf.clear_override(name, group=group)
