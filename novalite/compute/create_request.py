"""What a server create can carry: the one contract between the REST layer and
``compute.api.API.create``.

``POST /servers`` builds an empty ``CreateRequest``; each server-create plugin
(``novalite/api/compute/server_create/``, already past the JSON Schema) fills the fields of
its part of the body; ``API.create`` reads them. A field nobody filled keeps its default,
which means "not asked for" (``API.create`` then takes the image's, the project's or the
configuration's value).
"""
import dataclasses
from typing import Optional, Union


@dataclasses.dataclass
class CreateRequest:
    # --- basics (plugin ``name``): required by the schema, so always filled for a request
    name: Optional[str] = None
    flavor_ref: Optional[str] = None           # a flavor id or a link to one
    image_ref: Optional[str] = None            # None: the boot BDM names the image
    admin_password: Optional[str] = None       # None: one is generated for the response
    description: Optional[str] = None          # 2.19
    # --- plugin ``metadata``
    metadata: dict = dataclasses.field(default_factory=dict)
    # --- plugin ``access_ips``
    access_ip_v4: Optional[str] = None
    access_ip_v6: Optional[str] = None
    # --- plugin ``keypairs``
    key_name: Optional[str] = None
    # --- plugin ``user_data``: base64, checked by API.create
    user_data: Optional[str] = None
    # --- plugin ``availability_zone`` (and ``requested_destination`` for the host/node)
    availability_zone: Optional[str] = None
    forced_host: Optional[str] = None          # zone:host, or ``host`` (2.74)
    forced_node: Optional[str] = None          # zone:host:node, or ``hypervisor_hostname``
    # --- plugin ``scheduler_hints``: os:scheduler_hints as sent (group, same_host, ...)
    scheduler_hints: dict = dataclasses.field(default_factory=dict)
    # --- plugin ``config_drive``
    config_drive: bool = False
    # --- plugin ``disk_config``: OS-DCF:diskConfig AUTO -> True, MANUAL -> False,
    # None: the image's auto_disk_config property decides
    auto_disk_config: Optional[bool] = None
    # --- plugin ``block_device_mapping``: the validated block_device_mapping_v2 dicts
    block_device_mapping: list = dataclasses.field(default_factory=list)
    # --- plugin ``multiple_create``
    min_count: int = 1
    max_count: Optional[int] = None            # None: min_count
    return_reservation_id: bool = False
    # --- plugin ``networks``: [{'network_id', 'port_id', 'fixed_ip'}], or 'auto' / 'none'
    # (2.37); None: not given (the one network the project may use, if any)
    requested_networks: Union[list, str, None] = None
    # --- plugin ``security_groups``: names; None: the project's default group
    security_groups: Optional[list] = None
    # --- microversion plugins (``microversions.py``)
    tags: Optional[list] = None                # 2.52
    personality: Optional[list] = None         # below 2.57: the injected files' paths
    trusted_certs: Optional[list] = None       # 2.63: trusted_image_certificates
    hostname: Optional[str] = None             # 2.90 (an FQDN from 2.94)
