"""compute/disk_config.py and the compute.api paths that use it: the image's
auto_disk_config property as the default, 'disabled' refusing AUTO (Nova's 400), rebuild
checking the new image and resize the server's."""
import pytest

from novalite import exception
from novalite.compute import disk_config
from novalite.db import api as db_api
from tests.unit.compute.test_api_moves import api, make, member  # noqa: F401


@pytest.mark.parametrize('prop, requested, expected', [
    (None, None, False), ('True', None, True), ('true', None, True), ('1', None, True),
    ('False', None, False), ('Disabled', None, False), ('junk', None, False),
    (None, True, True), ('False', True, True), ('True', False, False),
    ('Disabled', False, False),
])
def test_for_image(prop, requested, expected):
    image = {'id': 'img'}
    if prop is not None:
        image['auto_disk_config'] = prop
    assert disk_config.for_image(image, requested) is expected


@pytest.mark.parametrize('prop', ['Disabled', 'disabled', ' DISABLED '])
def test_auto_with_a_disabled_image_is_a_400(prop):
    with pytest.raises(exception.AutoDiskConfigDisabledByImage) as err:
        disk_config.for_image({'id': 'img', 'auto_disk_config': prop}, True)
    assert err.value.code == 400
    assert err.value.format_message() == (
        'Requested image img has automatic disk resize disabled.')


def test_image_value_reads_v1_style_properties_too():
    assert disk_config.image_value({'properties': {'auto_disk_config': True}}) == 'True'
    assert disk_config.image_value({}) is None


def test_resize_changes_or_keeps_the_disk_config(api, member):  # noqa: F811
    inst = make(auto_disk_config=False)
    api.resize(member, inst, flavor_id='84', auto_disk_config=True)
    assert db_api.instance_get(inst['uuid'])['auto_disk_config'] is True
    other = make(auto_disk_config=True)
    api.resize(member, other, flavor_id='84')
    assert db_api.instance_get(other['uuid'])['auto_disk_config'] is True


def test_resize_to_auto_checks_the_servers_image(api, member):  # noqa: F811
    inst = make(system_metadata={'image_base_image_ref': 'img',
                                 'image_auto_disk_config': 'Disabled'})
    with pytest.raises(exception.AutoDiskConfigDisabledByImage):
        api.resize(member, inst, flavor_id='84', auto_disk_config=True)
    assert db_api.instance_get(inst['uuid'])['task_state'] is None
    api.resize(member, inst, flavor_id='84', auto_disk_config=False)
    assert db_api.instance_get(inst['uuid'])['auto_disk_config'] is False


def _images(compute_api):
    images = {'plain': {}, 'auto': {'auto_disk_config': 'True'},
              'off': {'auto_disk_config': 'Disabled'}}

    class Images:
        def get(self, image_id, context=None):
            return dict(images[image_id], id=image_id, status='active', min_ram=0,
                        min_disk=0, size=1)
    compute_api.image = Images()


def test_rebuild_checks_the_new_image_and_keeps_or_changes_it(api, member):  # noqa: F811
    _images(api)
    inst = make(auto_disk_config=True, image_ref='auto',
                system_metadata={'image_auto_disk_config': 'True'})
    with pytest.raises(exception.AutoDiskConfigDisabledByImage):
        api.rebuild(member, inst, 'off', 'pw', auto_disk_config=True)
    rebuilt = api.rebuild(member, inst, 'off', 'pw', auto_disk_config=False)
    assert rebuilt['auto_disk_config'] is False
    assert rebuilt['system_metadata']['image_auto_disk_config'] == 'Disabled'

    other = make(auto_disk_config=True, system_metadata={'image_auto_disk_config': 'True'})
    rebuilt = api.rebuild(member, other, 'plain', 'pw')   # absent: kept
    assert rebuilt['auto_disk_config'] is True
    assert 'image_auto_disk_config' not in rebuilt['system_metadata']
