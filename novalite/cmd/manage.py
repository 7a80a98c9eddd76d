"""``novalite-manage``: database and bootstrap commands.

    novalite-manage [--config-file F] db sync         migrate the schema to the newest revision
    novalite-manage [--config-file F] db version      print the schema's current revision
    novalite-manage [--config-file F] bootstrap --output-dir DIR
                                                 seed the demo cloud (idempotent), write
                                                 DIR/clouds.yaml and DIR/openrc
    novalite-manage [--config-file F] service list [--format table|json]
                                                 every service and whether it is up (exit 1
                                                 when one is down)
    novalite-manage [--config-file F] openapi [--server-url URL]
                                                 print the OpenAPI 3.1 document of every
                                                 path served (novalite/api/openapi.py)
"""
import json
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
    svc = sub.add_parser('service', help='health of the services')
    svc.add_argument('action', choices=['list'])
    svc.add_argument('--format', choices=['table', 'json'], default='table')
    api = sub.add_parser('openapi', help='the OpenAPI document of every path served')
    api.add_argument('--server-url', help='the servers entry of the document')
    args = parser.parse_args(argv)
    conf = common.load_config(oslo_args)
    if args.command == 'openapi':
        from novalite.api import deploy
        from novalite.api import openapi
        doc = openapi.document(deploy.load_app(conf), server_url=args.server_url)
        json.dump(doc, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write('\n')
        return 0
    if args.command == 'service':
        common.init_database(conf)
        return service_list(conf, args.format)
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


def service_list(conf, fmt):
    """What ``openstack compute service list`` shows, read from the database."""
    from novalite.db import api as db_api
    rows = []
    for svc in db_api.service_get_all(prefix=None):
        up = db_api.service_is_up(svc, conf.service_down_time)
        seen = svc.get('last_seen_up') or svc.get('updated_at')
        rows.append({'id': svc['id'], 'binary': svc['binary'], 'host': svc['host'],
                     'status': 'disabled' if svc['disabled'] else 'enabled',
                     'state': 'up' if up else 'down',
                     'updated_at': seen.isoformat() if seen else None})
    if fmt == 'json':
        print(json.dumps(rows))
    else:
        cols = ['id', 'binary', 'host', 'status', 'state', 'updated_at']
        table = [cols] + [[str(r[c]) for c in cols] for r in rows]
        widths = [max(len(line[i]) for line in table) for i in range(len(cols))]
        for line in table:
            print('  '.join(v.ljust(w) for v, w in zip(line, widths)).rstrip())
    return 0 if all(r['state'] == 'up' for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
