"""The boot flow, the server actions and the image-backed actions again, with
``compute_driver = libvirt`` on libvirt's test hypervisor (``test:///default``), plus what
the libvirt driver leaves on disk: the domain XML built from flavor, image, ports and owner,
the disk and the console log.

Every ``test_*`` of the reused modules is collected here a second time; the module's
``cloud`` fixture is the libvirt cloud (tests/functional/conftest.py ``libvirt_cloud``).
"""
import os
import time
import xml.etree.ElementTree as ET

import pytest

from tests.functional import conftest
from tests.functional import test_server_extras as server_extras
from tests.functional.test_server_actions import _act, _active, _delete, _show, _wait

pytest.importorskip('libvirt', reason='libvirt-python is not installed')

NOVA_NS = '{http://openstack.org/xmlns/libvirt/nova/1.1}'
# the fake driver's functional tests that run here again (a module not written yet is
# skipped); test_libvirt_moves.py does the same for test_server_moves
REUSED = ('test_boot_flow', 'test_server_actions', 'test_server_image_actions',
          'test_server_extras')

_tuned_config = ''
for _module in conftest.reuse_tests(globals(), REUSED):
    _tuned_config = getattr(_module, 'TUNED_CONFIG', _tuned_config)


@pytest.fixture
def cloud(libvirt_cloud):
    return libvirt_cloud


@pytest.fixture(scope='module')
def tuned(tmp_path_factory):
    """The reused modules' 'tuned' cloud (fast periodic tasks), on the libvirt driver."""
    state = tmp_path_factory.mktemp('novalite-libvirt-tuned')
    c = conftest.start_cloud(state, config=conftest.merge_configs(conftest.LIBVIRT_CONFIG,
                                                                _tuned_config))
    c.driver = 'libvirt'
    yield c
    conftest.stop_cloud(c.process)


def _files(cloud, sid):
    return os.path.join(cloud.state_dir, 'instances', sid)


def _domain(cloud, sid):
    with open(os.path.join(_files(cloud, sid), 'libvirt.xml')) as f:
        return ET.fromstring(f.read())


def test_domain_xml_from_flavor_image_ports_and_owner(cloud):
    sid = _active(cloud, 'lv-xml')
    server = _show(cloud, sid)
    dom = _domain(cloud, sid)
    assert dom.get('type') == 'test'
    assert dom.findtext('uuid') == sid
    assert dom.findtext('name').startswith('instance-')
    assert dom.find('memory').text == str(128 * 1024) and dom.findtext('vcpu') == '1'
    macs = [i.find('mac').get('address') for i in dom.iter('interface')]
    assert macs == [server['addresses']['private'][0]['OS-EXT-IPS-MAC:mac_addr']]
    meta = dom.find('metadata/%sinstance' % NOVA_NS)
    assert meta.findtext(NOVA_NS + 'name') == 'lv-xml'
    assert meta.find(NOVA_NS + 'flavor').get('name') == 'm1.nano'
    assert meta.find('%sowner/%sproject' % (NOVA_NS, NOVA_NS)).get('uuid') == \
        server['tenant_id']
    assert meta.find(NOVA_NS + 'root').get('uuid') == server['image']['id']
    disk = dom.find('devices/disk/source').get('file')
    assert disk == os.path.join(_files(cloud, sid), 'disk')
    with open(disk, 'rb') as f:
        assert f.read(4) == b'QFI\xfb'  # the cirros image's qcow2 bytes
    log = dom.find('devices/serial/log').get('file')
    assert log == os.path.join(_files(cloud, sid), 'console.log')
    _delete(cloud, sid)
    cloud.wait_gone(sid)
    assert not os.path.exists(_files(cloud, sid))  # domain undefined, files removed


def test_rescue_redefines_with_the_rescue_disk_first(cloud):
    sid = _active(cloud, 'lv-rescue')
    _act(cloud, sid, {'rescue': None}, expect=200)
    _wait(cloud, sid, 'RESCUE')
    disks = [d.find('source').get('file') for d in _domain(cloud, sid).iter('disk')]
    assert [os.path.basename(d) for d in disks] == ['disk.rescue', 'disk']
    _act(cloud, sid, {'unrescue': None})
    _wait(cloud, sid, 'ACTIVE')
    disks = [d.find('source').get('file') for d in _domain(cloud, sid).iter('disk')]
    assert [os.path.basename(d) for d in disks] == ['disk']
    assert not os.path.exists(os.path.join(_files(cloud, sid), 'disk.rescue'))
    _delete(cloud, sid)


def test_suspend_is_a_managed_save_shown_as_shutdown(cloud):
    sid = _active(cloud, 'lv-suspend')
    _act(cloud, sid, {'suspend': None})
    server, _ = _wait(cloud, sid, 'SUSPENDED')
    assert server['OS-EXT-STS:power_state'] == 4  # Nova's libvirt: SHUTOFF is SHUTDOWN
    _act(cloud, sid, {'resume': None})
    server, _ = _wait(cloud, sid, 'ACTIVE')
    assert server['OS-EXT-STS:power_state'] == 1
    _delete(cloud, sid)


def test_hypervisor_reports_the_libvirt_host(cloud):
    status, _, body = cloud.request('GET', '/compute/v2.1/os-hypervisors/detail',
                                    token='admin')
    assert status == 200, body
    hypers = body['hypervisors']
    assert hypers and all(h['hypervisor_type'] == 'TEST' for h in hypers)
    assert all(h['vcpus'] == 16 and h['memory_mb'] == 3072 for h in hypers)


def test_console_log_file_is_the_console_output(cloud):
    sid = _active(cloud, 'lv-console')
    deadline = time.monotonic() + 10
    path = os.path.join(_files(cloud, sid), 'console.log')
    while not os.path.exists(path):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    output = _act(cloud, sid, {'os-getConsoleOutput': {}}, expect=200)['output']
    with open(path) as f:
        assert output == f.read()
    _delete(cloud, sid)


def test_attached_port_is_in_the_domain_xml_and_survives_a_hard_reboot(cloud):
    sid = _active(cloud, 'lv-iface')
    net = server_extras._net(cloud)
    status, _, body = server_extras._sub(cloud, 'POST', sid, 'os-interface',
                                         body={'interfaceAttachment': {'net_id': net}})
    assert status == 200, body
    mac = body['interfaceAttachment']['mac_addr']
    macs = [i.find('mac').get('address') for i in _domain(cloud, sid).iter('interface')]
    assert len(macs) == 2 and macs[-1] == mac
    _act(cloud, sid, {'reboot': {'type': 'HARD'}})
    _wait(cloud, sid, 'ACTIVE')
    macs = [i.find('mac').get('address') for i in _domain(cloud, sid).iter('interface')]
    assert len(macs) == 2 and macs[-1] == mac  # regenerated from network_info
    status, _, _ = server_extras._sub(cloud, 'DELETE', sid, 'os-interface/%s' % (
        body['interfaceAttachment']['port_id']))
    assert status == 202
    server_extras._wait(lambda: mac not in [
        i.find('mac').get('address') for i in _domain(cloud, sid).iter('interface')])
    _delete(cloud, sid)
