"""``novalite-compute --host NAME``: one compute host, over the configured transport and DB."""
import sys

from novalite import cmd  # noqa: F401  (monkey-patches first)
from novalite import service
from novalite.cmd import _rpc_service


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    host = None
    if '--host' in argv:
        i = argv.index('--host')
        host = argv[i + 1] if i + 1 < len(argv) else None
        del argv[i:i + 2]
    return _rpc_service.run(service.compute_service, argv, host=host)


if __name__ == '__main__':
    sys.exit(main())
