"""Keystone's exceptions, with Keystone's codes and messages.

faultwrap renders them as ``{"error": {"code", "message", "title"}}``. Security errors (401 and
policy 403s) carry Keystone's fixed, non-revealing messages, as Keystone does when
``insecure_debug`` is off.
"""
from novalite import exception


class ValidationError(exception.Invalid):
    msg_fmt = ("Expecting to find %(attribute)s in %(target)s. The server could not comply "
               "with the request since it is either malformed or otherwise incorrect. The "
               "client is assumed to be in error.")


class SchemaValidationError(ValidationError):
    msg_fmt = "%(detail)s"


class Unauthorized(exception.NotAuthenticated):
    msg_fmt = "The request you have made requires authentication."

    def __init__(self, **kwargs):
        # Like Keystone without insecure_debug: never say why authentication failed.
        super().__init__(None, **kwargs)


class AuthMethodNotSupported(Unauthorized):
    msg_fmt = "Attempted to authenticate with an unsupported method."


class Forbidden(exception.Forbidden):
    msg_fmt = "You are not authorized to perform the requested action."


class ForbiddenAction(Forbidden):
    msg_fmt = "You are not authorized to perform the requested action: %(action)s."


class ForbiddenNotSecurity(exception.Forbidden):
    """A 403 whose message is safe to show (Keystone's ForbiddenNotSecurity)."""
    msg_fmt = "Forbidden"


class DomainSpecificRoleMismatch(Forbidden):
    msg_fmt = ("Project %(project_id)s must be in the same domain as the role %(role_id)s "
               "being assigned.")


class NotFound(exception.NotFound):
    msg_fmt = "Could not find: %(target)s."


class DomainNotFound(NotFound):
    msg_fmt = "Could not find domain: %(domain_id)s."


class ProjectNotFound(NotFound):
    msg_fmt = "Could not find project: %(project_id)s."


class UserNotFound(NotFound):
    msg_fmt = "Could not find user: %(user_id)s."


class RoleNotFound(NotFound):
    msg_fmt = "Could not find role: %(role_id)s."


class TokenNotFound(NotFound):
    msg_fmt = "Could not find token: %(token_id)s."


class ServiceNotFound(NotFound):
    msg_fmt = "Could not find service: %(service_id)s."


class EndpointNotFound(NotFound):
    msg_fmt = "Could not find endpoint: %(endpoint_id)s."


class RegionNotFound(NotFound):
    msg_fmt = "Could not find region: %(region_id)s."


class RoleAssignmentNotFound(NotFound):
    msg_fmt = ("Could not find role assignment with role: %(role_id)s, user or group: "
               "%(actor_id)s, project, domain, or system: %(target_id)s.")


class Conflict(exception.Conflict):
    msg_fmt = "Conflict occurred attempting to store %(type)s - %(details)s."


# --------------------------------------------------------------------- delegation and secrets
# (application credentials, access rules, trusts, credentials, policies)

class ApplicationCredentialValidationError(ValidationError):
    msg_fmt = "Invalid application credential: %(detail)s"


class ApplicationCredentialNotFound(NotFound):
    msg_fmt = "Could not find Application Credential: %(application_credential_id)s."


class AccessRuleNotFound(NotFound):
    msg_fmt = "Could not find Access Rule: %(access_rule_id)s."


class TrustNotFound(NotFound):
    msg_fmt = "Could not find trust: %(trust_id)s."


class TrustUseLimitReached(Forbidden):
    msg_fmt = "No remaining uses for trust: %(trust_id)s."


class CredentialNotFound(NotFound):
    msg_fmt = "Could not find credential: %(credential_id)s."


class PolicyNotFound(NotFound):
    msg_fmt = "Could not find policy: %(policy_id)s."


class ForbiddenNotSecurityDetail(ForbiddenNotSecurity):
    """A 403 that names its reason (Keystone's ForbiddenNotSecurity(message))."""
    msg_fmt = "%(detail)s"


class ValidationDetail(ValidationError):
    """A 400 with Keystone's free-text ValidationError(message)."""
    msg_fmt = "%(detail)s"
class GroupNotFound(NotFound):
    msg_fmt = "Could not find group: %(group_id)s."


class MembershipNotFound(NotFound):
    msg_fmt = "User '%(user_id)s' not found in group '%(group_id)s'"


class RegionDeletionError(ForbiddenNotSecurity):
    msg_fmt = ("Unable to delete region %(region_id)s because it or its child regions have "
               "associated endpoints.")


class CircularRegionHierarchyError(ValidationError):
    msg_fmt = ("The specified parent region %(parent_region_id)s would create a circular "
               "region hierarchy.")


class URLValidationError(ValidationError):
    msg_fmt = "Cannot create an endpoint with an invalid URL: %(url)s."
