"""Automatic disk configuration (Nova's compute/api.py and utils.py): a server's
``auto_disk_config`` comes from the request or, absent there, from its image's
``auto_disk_config`` property; an image whose property is 'disabled' refuses AUTO."""
from novalite import exception

IMAGE_PROPERTY = 'auto_disk_config'
SYSMETA_KEY = 'image_auto_disk_config'
_TRUE = ('1', 't', 'true', 'on', 'y', 'yes')


def image_value(image):
    """The image's raw property (Glance v2 keeps custom properties at the top level)."""
    value = (image or {}).get(IMAGE_PROPERTY)
    if value is None:
        value = ((image or {}).get('properties') or {}).get(IMAGE_PROPERTY)
    return None if value is None else str(value)


def is_disabled(raw):
    return raw is not None and raw.strip().lower() == 'disabled'


def check(raw, requested, image_id):
    """400 when AUTO is asked of an image that disables it."""
    if requested and is_disabled(raw):
        raise exception.AutoDiskConfigDisabledByImage(image=image_id)


def for_image(image, requested):
    """The value a server built from ``image`` gets: ``requested`` (True/False) after the
    check, else the image's property read as a boolean ('Disabled' reads as False)."""
    raw = image_value(image)
    check(raw, requested, (image or {}).get('id'))
    if requested is None:
        return raw is not None and raw.strip().lower() in _TRUE
    return bool(requested)


def check_instance(instance, requested):
    """Resize: the check against the image the server was built from (its system
    metadata, as Nova reads it)."""
    sysmeta = instance.get('system_metadata') or {}
    check(sysmeta.get(SYSMETA_KEY), requested, sysmeta.get('image_base_image_ref'))
