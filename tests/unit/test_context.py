"""RequestContext travels with every RPC message (novalite/context.py)."""
import json

import pytest

from novalite import context


def _round_trip(ctx):
    # through JSON, as on the rabbit:// transport
    return context.RequestContext.from_dict(json.loads(json.dumps(ctx.to_dict())))


@pytest.fixture
def ctx():
    return context.RequestContext(
        user_id='u1', project_id='p1', roles=['member', 'reader'], request_id='req-abc',
        global_request_id='req-global', user_name='alice', project_name='demo',
        auth_token='tok', user_domain_id='d-user', project_domain_id='d-project',
        overwrite=False)


def test_round_trip_keeps_who_what_and_which_request(ctx):
    back = _round_trip(ctx)
    assert back.request_id == 'req-abc'
    assert back.global_request_id == 'req-global'
    assert (back.user_id, back.project_id) == ('u1', 'p1')
    assert (back.user_name, back.project_name) == ('alice', 'demo')
    assert sorted(back.roles) == ['member', 'reader']
    assert back.is_admin is False
    assert back.auth_token == 'tok'


def test_round_trip_keeps_domains(ctx):
    back = _round_trip(ctx)
    assert (back.user_domain_id, back.project_domain_id) == ('d-user', 'd-project')


def test_round_trip_keeps_system_scope():
    ctx = context.RequestContext(user_id='u1', roles=['admin'], system_scope='all',
                                 overwrite=False)
    assert _round_trip(ctx).system_scope == 'all'


def test_admin_role_makes_an_admin():
    ctx = context.RequestContext(user_id='u1', project_id='p1', roles=['Admin'],
                                 overwrite=False)
    assert ctx.is_admin is True
    assert _round_trip(ctx).is_admin is True


def test_explicit_is_admin_survives_the_round_trip():
    not_admin = context.RequestContext(user_id='u1', roles=['admin'], is_admin=False,
                                       overwrite=False)
    assert _round_trip(not_admin).is_admin is False
    admin = context.RequestContext(user_id='u1', roles=['member'], is_admin=True,
                                   overwrite=False)
    assert _round_trip(admin).is_admin is True


def test_request_ids_are_generated_and_kept():
    ctx = context.RequestContext(user_id='u1', overwrite=False)
    assert ctx.request_id.startswith('req-')
    assert _round_trip(ctx).request_id == ctx.request_id


def test_from_dict_accepts_oslo_keys():
    back = context.RequestContext.from_dict({'user': 'u9', 'project': 'p9',
                                             'roles': ['member'], 'request_id': 'req-9'})
    assert (back.user_id, back.project_id, back.request_id) == ('u9', 'p9', 'req-9')
    assert back.is_admin is False


def test_from_dict_does_not_replace_the_thread_context(ctx):
    from oslo_context import context as o_context
    before = o_context.get_current()
    context.RequestContext.from_dict(ctx.to_dict())
    assert o_context.get_current() is before


def test_elevated_is_an_admin_copy(ctx):
    admin = ctx.elevated()
    assert admin.is_admin is True and 'admin' in admin.roles
    assert (admin.user_id, admin.project_id, admin.request_id) == ('u1', 'p1', 'req-abc')
    assert ctx.is_admin is False and 'admin' not in ctx.roles


def test_admin_context():
    admin = context.get_admin_context()
    assert admin.is_admin is True
    assert admin.user_id is None and admin.project_id is None
