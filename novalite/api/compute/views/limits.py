"""The limits view: Nova's absolute limit names over quota resources, and usage."""
from novalite.api import microversion as mv

LIMIT_NAMES = {
    'ram': ['maxTotalRAMSize'],
    'instances': ['maxTotalInstances'],
    'cores': ['maxTotalCores'],
    'key_pairs': ['maxTotalKeypairs'],
    'floating_ips': ['maxTotalFloatingIps'],
    'metadata_items': ['maxServerMeta', 'maxImageMeta'],
    'injected_files': ['maxPersonality'],
    'injected_file_content_bytes': ['maxPersonalitySize'],
    'security_groups': ['maxSecurityGroups'],
    'security_group_rules': ['maxSecurityGroupRules'],
    'server_groups': ['maxServerGroups'],
    'server_group_members': ['maxServerGroupMembers'],
}
USED_NAMES = {
    'totalRAMUsed': 'ram', 'totalCoresUsed': 'cores', 'totalInstancesUsed': 'instances',
    'totalFloatingIpsUsed': 'floating_ips', 'totalSecurityGroupsUsed': 'security_groups',
    'totalServerGroupsUsed': 'server_groups',
}
# 2.36: the network proxy quotas are gone from the view
PROXY_QUOTAS = ('floating_ips', 'security_groups', 'security_group_rules')
# 2.57: the personality limits are gone from the view
PERSONALITY_QUOTAS = ('injected_files', 'injected_file_content_bytes')


def build(req, quotas):
    """``quotas``: {resource: {'limit': n, 'in_use': n}}."""
    hidden = PROXY_QUOTAS if req.api_version >= mv.PROXY_APIS_REMOVED else ()
    if req.api_version >= mv.NO_PERSONALITY:  # maxPersonality, maxPersonalitySize gone
        hidden += PERSONALITY_QUOTAS
    image_meta = req.api_version < mv.LIMITS_NO_IMAGE_META
    absolute = {}
    for resource, names in LIMIT_NAMES.items():
        if resource not in quotas or resource in hidden:
            continue
        for name in names:
            if name == 'maxImageMeta' and not image_meta:
                continue
            absolute[name] = quotas[resource]['limit']
    for name, resource in USED_NAMES.items():
        if resource in quotas and resource not in hidden:
            absolute[name] = quotas[resource]['in_use']
    return {'limits': {'rate': [], 'absolute': absolute}}
