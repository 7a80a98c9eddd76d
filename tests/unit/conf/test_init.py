"""register_opts (novalite/conf/__init__.py): each ConfigOpts object is its own."""
import pytest
from oslo_config import cfg

from novalite import conf as novalite_conf


def _make():
    c = cfg.ConfigOpts()
    novalite_conf.register_opts(c)
    c([], project='novalite', default_config_files=[])
    return c


def test_default_group_options_are_per_object():
    a, b = _make(), _make()
    a.set_override('service_down_time', 5)
    assert b.service_down_time == 60


@pytest.mark.parametrize('group, name, value', [
    ('filter_scheduler', 'enabled_filters', ['SomethingElse']),
    ('database', 'connection', 'sqlite:////elsewhere.db'),
])
def test_group_option_overrides_are_per_object(group, name, value):
    a, b = _make(), _make()
    before = getattr(getattr(b, group), name)
    a.set_override(name, value, group=group)
    try:
        assert getattr(getattr(b, group), name) == before
        assert getattr(getattr(novalite_conf.CONF, group), name) != value
    finally:
        a.clear_override(name, group=group)
