from novalite.api.compute import server_create

_HINTS = {'type': 'object', 'additionalProperties': True,
          'properties': {
              'group': {'type': 'string', 'format': 'uuid'},
              'same_host': {'type': ['string', 'array'], 'items': {'type': 'string',
                                                                  'format': 'uuid'}},
              'different_host': {'type': ['string', 'array'],
                                 'items': {'type': 'string', 'format': 'uuid'}},
          }}


class SchedulerHints(server_create.Plugin):
    """``os:scheduler_hints`` (or ``OS-SCH-HNT:scheduler_hints``) beside ``server``."""

    def schema(self, version):
        return {}, {'os:scheduler_hints': _HINTS, 'OS-SCH-HNT:scheduler_hints': _HINTS}, []

    def server_create(self, server, create_req, body, req):
        hints = body.get('os:scheduler_hints') or body.get('OS-SCH-HNT:scheduler_hints') or {}
        create_req.scheduler_hints = hints
