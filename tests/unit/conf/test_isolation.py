from oslo_config import cfg

from novalite import conf as nl_conf


def _conf():
    c = cfg.ConfigOpts()
    nl_conf.register_opts(c)
    c([], project='novalite', default_config_files=[])
    return c


def test_overrides_do_not_leak_between_config_objects():
    a, b = _conf(), _conf()
    a.set_override('bind_port', 1234, group='api')
    a.set_override('connection', 'sqlite://', group='database')
    assert a.api.bind_port == 1234
    assert b.api.bind_port == 8774
    assert b.database.connection is None
