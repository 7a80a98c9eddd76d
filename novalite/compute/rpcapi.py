"""Client side of the compute RPC API (one server per compute host).

Version history:
    1.0 - build_and_run_instance, terminate_instance
"""
from novalite import rpc

RPC_API_VERSION = '1.0'
TOPIC = 'compute'


class ComputeAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, RPC_API_VERSION)

    def build_and_run_instance(self, context, host, instance, request_spec, alternates):
        self.client.prepare(server=host).cast(
            context, 'build_and_run_instance', instance=instance, request_spec=request_spec,
            alternates=alternates)

    def terminate_instance(self, context, host, instance):
        self.client.prepare(server=host).cast(context, 'terminate_instance',
                                              instance=instance)
