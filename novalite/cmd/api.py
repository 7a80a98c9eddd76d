"""``novalite-api``: the four REST services (identity, compute, image, network) alone."""
import sys

from novalite import cmd  # noqa: F401  (monkey-patches first)
from novalite import concurrency
from novalite.api import deploy
from novalite.cmd import common


def main(argv=None):
    conf = common.load_config(sys.argv[1:] if argv is None else argv)
    common.init_database(conf)
    common.init_rpc(conf)
    sock = concurrency.listen(conf.api.bind_host, conf.api.bind_port)
    app = deploy.load_app(conf)
    concurrency.serve_wsgi(sock, app, pool_size=conf.api.wsgi_pool_size)


if __name__ == '__main__':
    sys.exit(main())
