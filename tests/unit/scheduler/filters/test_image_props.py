"""ImagePropertiesFilter: the image's architecture, hypervisor type, vm mode and version
requirement against the host's supported instances."""
import types

import pytest

from novalite.scheduler.filters import image_props


def _host(supported=(('x86_64', 'fake', 'hvm'),), version=1000):
    return types.SimpleNamespace(supported_instances=list(supported),
                                 hypervisor_version=version)


@pytest.mark.parametrize('props, passes', [
    ({}, True),
    ({'hw_architecture': 'x86_64'}, True),
    ({'architecture': 'amd64'}, True),
    ({'hw_architecture': 'aarch64'}, False),
    ({'img_hv_type': 'fake'}, True),
    ({'hypervisor_type': 'kvm'}, False),
    ({'hw_architecture': 'x86_64', 'img_hv_type': 'fake', 'hw_vm_mode': 'hvm'}, True),
    ({'hw_vm_mode': 'xen'}, False),
    ({'img_hv_requested_version': '>=1000'}, True),
    ({'img_hv_requested_version': '>=2000'}, False),
])
def test_image_properties_filter(conf, props, passes):
    f = image_props.ImagePropertiesFilter(conf)
    assert f.host_passes(_host(), {'image': {'id': 'x', 'properties': props}}) is passes


def test_spec_properties_keeps_only_what_the_filter_reads():
    image = {'id': 'i', 'name': 'n', 'hw_architecture': 'x86_64', 'img_hv_type': '',
             'os_distro': 'cirros'}
    assert image_props.spec_properties(image) == {'hw_architecture': 'x86_64'}
