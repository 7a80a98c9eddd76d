"""``novalite-manage``: database and bootstrap commands.

    novalite-manage [--config-file F] db sync         migrate the schema to the newest revision
    novalite-manage [--config-file F] db version      print the schema's current revision
    novalite-manage [--config-file F] bootstrap --output-dir DIR
"""
import argparse
import sys

from novalite import seed
from novalite.cmd import common
from novalite.conf import api as api_conf
from novalite.db import migration


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    oslo_args = []
    while argv[:1] == ['--config-file']:
        oslo_args += argv[:2]
        argv = argv[2:]
    parser = argparse.ArgumentParser(prog='novalite-manage')
    sub = parser.add_subparsers(dest='command', required=True)
    db = sub.add_parser('db', help='database schema')
    db.add_argument('action', choices=['sync', 'version'])
    boot = sub.add_parser('bootstrap', help='seed the demo cloud and write client files')
    boot.add_argument('--output-dir', required=True)
    args = parser.parse_args(argv)
    conf = common.load_config(oslo_args)
    if args.command == 'db' and args.action == 'version':
        engine = common.init_database(conf)
        print(migration.version(engine))
        return 0
    engine = common.init_database(conf, upgrade=True)
    if args.command == 'db':
        print('database at revision %s' % migration.version(engine))
    elif args.command == 'bootstrap':
        public_url = api_conf.public_url(conf)
        seed.seed(conf, public_url)
        clouds, openrc = seed.write_client_files(conf, public_url, args.output_dir)
        print('wrote %s and %s' % (clouds, openrc))
    return 0


if __name__ == '__main__':
    sys.exit(main())
