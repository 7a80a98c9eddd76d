"""Cinder's volume status machine, in one place.

creating -> available -> reserved (attachments API) / attaching (os-reserve) -> in-use ->
detaching -> available; deleting (-> gone) / error_deleting; extending -> available;
uploading (-> the status before); retyping -> the status before; downloading (re-image);
reverting (to the latest snapshot) -> available;
error when the backend failed. ``attach_status`` runs detached -> attaching -> attached.
"""
CREATING = 'creating'
AVAILABLE = 'available'
RESERVED = 'reserved'
ATTACHING = 'attaching'
IN_USE = 'in-use'
DETACHING = 'detaching'
DELETING = 'deleting'
EXTENDING = 'extending'
UPLOADING = 'uploading'
RETYPING = 'retyping'
DOWNLOADING = 'downloading'
REVERTING = 'reverting'
MAINTENANCE = 'maintenance'
ERROR = 'error'
ERROR_DELETING = 'error_deleting'
ERROR_EXTENDING = 'error_extending'
ERROR_RESTORING = 'error_restoring'
ERROR_MANAGING = 'error_managing'

# what os-reset_status accepts (Cinder's admin_actions VALID_STATUS... for volumes)
ALL = (CREATING, AVAILABLE, RESERVED, ATTACHING, IN_USE, DETACHING, DELETING, EXTENDING,
       UPLOADING, RETYPING, DOWNLOADING, REVERTING, MAINTENANCE, ERROR, ERROR_DELETING,
       ERROR_EXTENDING, ERROR_RESTORING, 'backing-up', 'restoring-backup', 'error_backing-up',
       'awaiting-transfer')

# attach_status of a volume and status of an attachment
DETACHED = 'detached'
ATTACHED = 'attached'
ATTACH_RESERVED = 'reserved'
ATTACH_ATTACHING = 'attaching'
ATTACH_DETACHING = 'detaching'
ERROR_ATTACHING = 'error_attaching'
ERROR_DETACHING = 'error_detaching'
ATTACH_STATUSES = (DETACHED, ATTACHED, ATTACH_RESERVED, ATTACH_ATTACHING, ATTACH_DETACHING,
                   ERROR_ATTACHING, ERROR_DETACHING)

# Cinder's delete: a volume in one of these (or any status with force) may be deleted
DELETABLE = (AVAILABLE, ERROR, ERROR_RESTORING, ERROR_EXTENDING, ERROR_MANAGING)
