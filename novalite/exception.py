"""Exceptions that carry an HTTP code and a message that is safe to show.

faultwrap (novalite/api/middleware/faultwrap.py) is the one place that turns them into the
fault body of the service that raised them.
"""


class NovaliteException(Exception):
    msg_fmt = "An unknown exception occurred."
    code = 500
    headers = {}

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if message is None:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                message = self.msg_fmt
        self.message = str(message)
        super().__init__(self.message)

    def format_message(self):
        return self.message


class Invalid(NovaliteException):
    msg_fmt = "Bad request: %(reason)s"
    code = 400


class ValidationError(Invalid):
    msg_fmt = "%(detail)s"


class InvalidInput(Invalid):
    msg_fmt = "Invalid input received: %(reason)s"


class MalformedRequestBody(Invalid):
    msg_fmt = "Malformed request body: %(reason)s"


class InvalidAPIVersionString(Invalid):
    msg_fmt = ("API Version String %(version)s is of invalid format. Must "
               "be of format MajorNum.MinorNum.")


class NotAuthenticated(NovaliteException):
    msg_fmt = "The request you have made requires authentication."
    code = 401


class Forbidden(NovaliteException):
    msg_fmt = "Forbidden"
    code = 403


class PolicyNotAuthorized(Forbidden):
    msg_fmt = "Policy doesn't allow %(action)s to be performed."


class NotFound(NovaliteException):
    msg_fmt = "Resource could not be found."
    code = 404


class InstanceNotFound(NotFound):
    msg_fmt = "Instance %(instance_id)s could not be found."


class FlavorNotFound(NotFound):
    msg_fmt = "Flavor %(flavor_id)s could not be found."


class AutoDiskConfigDisabledByImage(Invalid):
    msg_fmt = "Requested image %(image)s has automatic disk resize disabled."


class ImageNotFound(NotFound):
    msg_fmt = "Image %(image_id)s could not be found."


class NetworkNotFound(NotFound):
    msg_fmt = "Network %(network_id)s could not be found."


class PortNotFound(NotFound):
    msg_fmt = "Port id %(port_id)s could not be found."


class KeypairNotFound(NotFound):
    msg_fmt = "Keypair %(name)s not found for user %(user_id)s"


class ComputeHostNotFound(NotFound):
    msg_fmt = "Compute host %(host)s could not be found."


class InstanceActionNotFound(NotFound):
    msg_fmt = "Action for request_id %(request_id)s on instance %(instance_uuid)s not found"


class MethodNotAllowed(NovaliteException):
    msg_fmt = "The requested method is not allowed for this resource."
    code = 405


class VersionNotAcceptable(NovaliteException):
    msg_fmt = ("Version %(version)s is not supported by the API. Minimum is %(min)s and "
               "maximum is %(max)s.")
    code = 406


class Conflict(NovaliteException):
    msg_fmt = "Conflict: %(reason)s"
    code = 409


class InstanceInvalidState(Conflict):
    msg_fmt = ("Cannot '%(method)s' instance %(instance_uuid)s while it is in "
               "%(attr)s %(state)s")


class UnexpectedStateError(Conflict):
    msg_fmt = 'Unexpected %(attr)s: expecting %(expected)s but the actual state is %(actual)s'


class InstanceNotReady(Conflict):
    msg_fmt = "Instance %(instance_id)s is not ready"


class ConsoleNotAvailable(NotFound):
    msg_fmt = "Guest does not have a console available."


class InstanceIsLocked(Conflict):
    msg_fmt = "Instance %(instance_uuid)s is locked"


class RequestEntityTooLarge(NovaliteException):
    msg_fmt = "Request is too large."
    code = 413


class OverQuota(Forbidden):
    msg_fmt = "Quota exceeded: %(reason)s"


class NoValidHost(NovaliteException):
    msg_fmt = "No valid host was found. %(reason)s"
    code = 500


class RescheduledException(NovaliteException):
    msg_fmt = "Build of instance %(instance_uuid)s was re-scheduled: %(reason)s"


class BuildAbortException(NovaliteException):
    msg_fmt = "Build of instance %(instance_uuid)s aborted: %(reason)s"


class VirtDriverError(NovaliteException):
    msg_fmt = "Virt driver error: %(reason)s"


class ServiceUnavailable(NovaliteException):
    msg_fmt = "Service unavailable: %(reason)s"
    code = 503


class RemoteServiceError(NovaliteException):
    """A neighbouring REST service answered with an error we did not expect."""
    msg_fmt = "%(service)s service returned %(status)s: %(reason)s"
    code = 502


# os-hosts (the host API)
class HostNotFound(NotFound):
    msg_fmt = "Host %(host)s could not be found."


class ComputeServiceUnavailable(Invalid):
    msg_fmt = "Compute service of %(host)s is unavailable at this time."


class FeatureNotSupported(NovaliteException):
    """What Nova answers when the virt driver raises NotImplementedError."""
    msg_fmt = "The requested functionality is not supported."
    code = 501


# server moves (resize, cold migrate, evacuate)
class MigrationNotFound(NotFound):
    msg_fmt = "Migration %(migration_id)s could not be found."


class MigrationNotFoundByStatus(MigrationNotFound):
    msg_fmt = "Migration not found for instance %(instance_id)s with status %(status)s."


class CannotResizeToSameFlavor(Invalid):
    msg_fmt = "When resizing, instances must change flavor!"


class CannotResizeDisk(Invalid):
    msg_fmt = "Server disk was unable to be resized because: %(reason)s"


class ComputeServiceInUse(Invalid):
    msg_fmt = "Compute service of %(host)s is still in use."


class CannotMigrateToSameHost(Invalid):
    msg_fmt = "Cannot migrate to the host where the server exists."


# security groups of servers (addSecurityGroup/removeSecurityGroup) and the proxy's rules
class SecurityGroupNotFound(NotFound):
    msg_fmt = "Security group %(security_group_id)s not found."


class SecurityGroupNotFoundForProject(SecurityGroupNotFound):
    msg_fmt = "Security group %(name)s is not found for project %(project)s"


class SecurityGroupNotOnInstance(SecurityGroupNotFound):
    msg_fmt = "Security group %(name)s not associated with the instance %(instance)s"


class InstanceHasNoPorts(SecurityGroupNotFound):
    msg_fmt = "instance_id %(instance)s could not be found as device id on any ports"


class NoUniqueMatch(Conflict):
    msg_fmt = "%(reason)s"


class SecurityGroupCannotBeApplied(Invalid):
    msg_fmt = ("Network requires port_security_enabled and subnet associated in order to "
               "apply security groups.")


class SecurityGroupRuleExists(Invalid):
    msg_fmt = "This rule already exists in group %(group_id)s"


class SecurityGroupLimitExceeded(Forbidden):
    msg_fmt = "Quota exceeded, too many security groups. %(reason)s"


class SecurityGroupRuleNotFound(NotFound):
    msg_fmt = "Security group rule %(id)s not found."


# quotas (novalite/quota.py): 403s, as Nova's OverQuota
class TooManyInstances(OverQuota):
    msg_fmt = ("Quota exceeded for %(overs)s: Requested %(req)s, but already used "
               "%(used)s of %(allowed)s %(overs)s")


class MetadataLimitExceeded(OverQuota):
    msg_fmt = "Maximum number of metadata items exceeds %(allowed)d"


class KeypairLimitExceeded(OverQuota):
    msg_fmt = "Quota exceeded, too many key pairs."


class ServerGroupLimitExceeded(OverQuota):
    msg_fmt = "Quota exceeded, too many server groups."


class ServerGroupMemberLimitExceeded(OverQuota):
    msg_fmt = "Quota exceeded, too many servers in group"


# key pairs (novalite/crypto.py)
class InvalidKeypair(Invalid):
    msg_fmt = "Keypair data is invalid: %(reason)s"


# server groups
class InstanceGroupNotFound(NotFound):
    msg_fmt = "Instance group %(group_uuid)s could not be found."


# host aggregates (novalite/db/aggregates.py, novalite/compute/aggregates.py)
class AggregateNotFound(NotFound):
    msg_fmt = "Aggregate %(aggregate_id)s could not be found."


class AggregateNameExists(Conflict):
    msg_fmt = "Aggregate %(aggregate_name)s already exists."


class AggregateHostExists(Conflict):
    msg_fmt = "Aggregate %(aggregate_id)s already has host %(host)s."


class AggregateHostNotFound(NotFound):
    msg_fmt = "Aggregate %(aggregate_id)s has no host %(host)s."


class InvalidAggregateAction(Invalid):
    msg_fmt = "Unacceptable parameters."


class InvalidAggregateActionAdd(InvalidAggregateAction):
    msg_fmt = "Cannot add host to aggregate %(aggregate_id)s. Reason: %(reason)s."
    code = 409   # os-aggregates add_host answers 409 for it, as Nova does


class InvalidAggregateActionDelete(InvalidAggregateAction):
    msg_fmt = "Cannot remove aggregate %(aggregate_id)s. Reason: %(reason)s."


class InvalidAggregateActionUpdate(InvalidAggregateAction):
    msg_fmt = "Cannot update aggregate %(aggregate_id)s. Reason: %(reason)s."


class InvalidAggregateActionUpdateMeta(InvalidAggregateAction):
    msg_fmt = "Cannot update metadata of aggregate %(aggregate_id)s. Reason: %(reason)s."


# shelve / unshelve
class UnshelveInstanceInvalidState(InstanceInvalidState):
    msg_fmt = ('Specifying an availability zone when unshelving server %(instance_uuid)s '
               'with status "%(state)s" is not supported. The server status must be '
               'SHELVED_OFFLOADED.')


class UnshelveHostNotInAZ(Conflict):
    msg_fmt = 'Host "%(host)s" is not in the availability zone "%(availability_zone)s".'


# the networks a server is given (create, os-interface)
class NetworkAmbiguous(Invalid):
    """More than one network the project may use and none named: os-interface attach answers
    400 (Nova's NetworkAmbiguous is an Invalid)."""
    msg_fmt = "Multiple possible networks found, use a Network ID to be more specific."


class NetworkAmbiguousAtCreate(NetworkAmbiguous):
    """The same condition on server create, which answers 409 (Nova's servers controller
    turns NetworkAmbiguous into a conflict there)."""
    code = 409


class UnableToAutoAllocateNetwork(Invalid):
    msg_fmt = "Unable to automatically allocate a network for project %(project_id)s"


class PortInUse(Conflict):
    msg_fmt = "Port %(port_id)s is still in use."


# server sub-resources (diagnostics, os-interface)
class DiagnosticsNotImplemented(NovaliteException):
    msg_fmt = "Unable to get diagnostics, functionality not implemented"
    code = 501


class InterfaceAttachFailed(NovaliteException):
    msg_fmt = "Failed to attach network adapter device to %(instance_uuid)s"
    code = 500


class InterfaceAttachFailedNoNetwork(Invalid):
    msg_fmt = ("No specific network was requested and none are available for project "
               "'%(project_id)s'.")


class PortNotAttached(NotFound):
    msg_fmt = "Port %(port_id)s is not attached"


class InstanceNotAttached(NotFound):
    msg_fmt = "Instance %(instance_id)s is not attached."


class PinnedZoneConflict(Conflict):
    """2.104: a pinned availability zone changed in a way Nova refuses."""
    msg_fmt = '%(reason)s'


# floating IPs and the network proxy APIs of compute
class FloatingIpNotFoundForAddress(NotFound):
    msg_fmt = "Floating IP not found for address %(address)s."


class FloatingIpMultipleFoundForAddress(Conflict):
    msg_fmt = "Multiple floating IPs are found for address %(address)s."


class FloatingIpPoolNotFound(NotFound):
    msg_fmt = "Floating IP pool not found."


class Gone(NovaliteException):
    """What the os-networks calls of nova-network answer (410)."""
    msg_fmt = "Gone"
    code = 410
