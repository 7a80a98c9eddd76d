"""The libvirt virt driver (``[DEFAULT] compute_driver = libvirt``).

- ``config``: the domain XML, built with xml.etree from flavor, image, ports and instance;
- ``host``: the connection (libvirt-python), opened lazily, calls run off the green hub;
- ``imagebackend``: instance directories, the image cache and disk files;
- ``driver``: ``LibvirtDriver``, every server action mapped onto libvirt calls.
"""
