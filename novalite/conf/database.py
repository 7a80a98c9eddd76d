from oslo_config import cfg

database_group = cfg.OptGroup('database', title='Database options')

opts = [
    cfg.StrOpt('connection', secret=True,
               help='SQLAlchemy URL. Defaults to sqlite:///<state_dir>/novalite.db. Use '
                    'postgresql+psycopg://... or mysql+pymysql://... when scaled out.'),
    cfg.IntOpt('max_pool_size', default=20, help='Connection pool size (not SQLite).'),
    cfg.IntOpt('max_overflow', default=40, help='Connections over the pool size.'),
    cfg.BoolOpt('connection_debug', default=False, help='Log every SQL statement.'),
]


def register_opts(conf):
    conf.register_group(cfg.OptGroup(database_group.name, title=database_group.title))
    conf.register_opts(opts, group=database_group.name)


def list_opts():
    return {database_group: opts}
