"""``novalite-volume``: the volume manager (cinder-volume) alone, over the configured transport
and DB."""
import sys

from novalite import cmd  # noqa: F401  (monkey-patches first)
from novalite import service
from novalite.cmd import _rpc_service


def main(argv=None):
    return _rpc_service.run(service.volume_service, sys.argv[1:] if argv is None else argv)


if __name__ == '__main__':
    sys.exit(main())
