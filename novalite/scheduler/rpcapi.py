"""Client side of the scheduler RPC API.

Version history:
    1.0 - select_destinations(request_spec, instance_uuids, return_alternates)
"""
from novalite import rpc

RPC_API_VERSION = '1.0'
TOPIC = 'scheduler'


class SchedulerAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, RPC_API_VERSION)

    def select_destinations(self, context, request_spec, instance_uuids,
                            return_alternates=True):
        """A list per instance: the claimed host first, then alternates (unclaimed)."""
        return self.client.prepare().call(context, 'select_destinations',
                                          request_spec=request_spec,
                                          instance_uuids=instance_uuids,
                                          return_alternates=return_alternates)
