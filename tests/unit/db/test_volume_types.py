"""Volume types in the data layer: __DEFAULT__, visibility of private types, names,
extra specs, access, project defaults, deletion rules and paging."""
import pytest

from novalite import exception_volume as errors
from novalite.db import volume_types as vt


def test_default_type_is_made_once_and_cannot_be_deleted(database):
    first = vt.ensure_default()
    assert vt.ensure_default()['id'] == first['id']
    assert vt.default_type('p1')['name'] == vt.DEFAULT_TYPE
    with pytest.raises(errors.VolumeTypeDefaultDeletionError):
        vt.destroy(first['id'])


def test_create_update_and_names(database):
    t = vt.create('gold', 'shiny', extra_specs={'a': '1'})
    assert (t['name'], t['description'], t['is_public'], t['extra_specs']) == \
        ('gold', 'shiny', True, {'a': '1'})
    with pytest.raises(errors.VolumeTypeExists):
        vt.create('gold')
    silver = vt.create('silver')
    with pytest.raises(errors.VolumeTypeExists):
        vt.update(silver['id'], name='gold')
    assert vt.update(t['id'], description='', is_public=False)['is_public'] is False
    assert vt.get_by_name_or_id('gold')['id'] == t['id']
    assert vt.get_by_name_or_id(t['id'])['name'] == 'gold'
    with pytest.raises(errors.VolumeTypeNotFound):
        vt.get_by_name_or_id('nope')


def test_private_types_are_seen_by_admins_and_projects_with_access(database):
    private = vt.create('private', is_public=False)
    with pytest.raises(errors.VolumeTypeNotFound):
        vt.get(private['id'], project_id='p1')
    assert vt.get(private['id'])['id'] == private['id']
    vt.access_add(private['id'], 'p1')
    with pytest.raises(errors.VolumeTypeAccessExists):
        vt.access_add(private['id'], 'p1')
    assert vt.get(private['id'], project_id='p1')['name'] == 'private'
    assert private['id'] in [t['id'] for t in vt.list_types('p1', True)]
    assert private['id'] not in [t['id'] for t in vt.list_types('p2', True)]
    assert private['id'] not in [t['id'] for t in vt.list_types(None, True)]
    assert [t['id'] for t in vt.list_types(None, False)] == [private['id']]
    assert vt.access_list(private['id']) == [{'volume_type_id': private['id'],
                                              'project_id': 'p1'}]
    vt.access_remove(private['id'], 'p1')
    with pytest.raises(errors.VolumeTypeAccessNotFound):
        vt.access_remove(private['id'], 'p1')
    public = vt.create('public')
    with pytest.raises(errors.InvalidVolumeType):
        vt.access_add(public['id'], 'p1')
    with pytest.raises(errors.VolumeTypeAccessNotFound):
        vt.access_list(public['id'])


def test_extra_specs(database):
    t = vt.create('x')
    assert vt.extra_specs_update(t['id'], {'k': 'v', 'j': 'w'}) == {'k': 'v', 'j': 'w'}
    assert vt.extra_specs_update(t['id'], {'k': 'v2'}) == {'k': 'v2', 'j': 'w'}
    assert vt.extra_spec_get(t['id'], 'k') == 'v2'
    vt.extra_spec_delete(t['id'], 'k')
    with pytest.raises(errors.VolumeTypeExtraSpecsNotFound):
        vt.extra_spec_get(t['id'], 'k')
    with pytest.raises(errors.VolumeTypeExtraSpecsNotFound):
        vt.extra_spec_delete(t['id'], 'k')
    filtered = vt.list_types(filters={'extra_specs': {'j': 'w'}})
    assert [f['id'] for f in filtered] == [t['id']]


def test_project_defaults_and_deletion_rules(database):
    vt.ensure_default()
    t = vt.create('mine')
    assert vt.project_default_set('p1', 'mine') == {'project_id': 'p1',
                                                    'volume_type_id': t['id']}
    assert vt.default_type('p1')['id'] == t['id']
    assert vt.default_type('p2')['name'] == vt.DEFAULT_TYPE
    with pytest.raises(errors.VolumeTypeDefaultDeletionError):
        vt.destroy(t['id'])
    vt.project_default_unset('p1')
    with pytest.raises(errors.VolumeTypeProjectDefaultNotFound):
        vt.project_default_get('p1')
    with pytest.raises(errors.VolumeTypeInUse):
        vt.destroy(t['id'], in_use=lambda session, type_id: True)
    vt.destroy(t['id'])
    with pytest.raises(errors.VolumeTypeNotFound):
        vt.get(t['id'])


def test_paging(database):
    vt.ensure_default()
    made = [vt.create('t%d' % i)['id'] for i in range(4)]
    page = vt.list_types(sort_keys=['name'], sort_dirs=['asc'], limit=2)
    assert [t['name'] for t in page] == ['__DEFAULT__', 't0']
    page = vt.list_types(sort_keys=['name'], sort_dirs=['asc'], limit=2,
                         marker=page[-1]['id'])
    assert [t['name'] for t in page] == ['t1', 't2']
    assert len(vt.list_types(sort_keys=['name'], sort_dirs=['asc'], offset=4)) == 1
    assert vt.list_types(limit=1)[0]['id'] == made[-1]  # newest first
    with pytest.raises(errors.MarkerNotFound):
        vt.list_types(marker='nope')
    with pytest.raises(errors.InvalidSortKey):
        vt.list_types(sort_keys=['bogus'])
