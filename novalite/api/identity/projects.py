"""/v3/projects: projects in a domain, with Keystone's hierarchy rules."""
from novalite import exception_identity as errors
from novalite.api.identity import common
from novalite.api.identity import domains
from novalite.api.identity import schemas
from novalite.api.identity import views
from novalite.api import wsgi
from novalite.db import identity as db

_COLUMNS = ('name', 'description', 'enabled', 'domain_id', 'parent_id', 'is_domain')
_FILTERS = ('domain_id', 'enabled', 'name', 'parent_id', 'is_domain')


def _tag_filter(rows, req):
    """Keystone's tags, tags-any, not-tags and not-tags-any filters (comma separated)."""
    def tags_of(row):
        return set((row.extra or {}).get('tags', []))

    for name, keep in (('tags', lambda have, want: want <= have),
                       ('tags-any', lambda have, want: bool(have & want)),
                       ('not-tags', lambda have, want: not want <= have),
                       ('not-tags-any', lambda have, want: not have & want)):
        if req.GET.get(name):
            want = {t for t in req.GET[name].split(',') if t}
            rows = [r for r in rows if keep(tags_of(r), want)]
    return rows


def _ancestors(row):
    """The regular projects above row (its domain excluded)."""
    found, parent_id = [], row.parent_id
    while parent_id and parent_id != row.domain_id:
        parent = db.get_project(parent_id)
        if parent is None or parent.is_domain:
            break
        found.append(parent)
        parent_id = parent.parent_id
    return found


def _placement(req, entity):
    """(domain_id, parent_id) of a new project, checked as Keystone does."""
    parent = None
    if entity.get('parent_id'):
        parent = db.get_project(entity['parent_id'])
        if parent is None:
            raise errors.ProjectNotFound(project_id=entity['parent_id'])
    domain_id = entity.get('domain_id')
    if not domain_id:
        if parent is not None:
            domain_id = parent.id if parent.is_domain else parent.domain_id
        else:
            domain_id = common.creating_domain_id(req)
    domain = common.domain_or_404(domain_id)
    if parent is None:
        return domain.id, domain.id
    if parent.is_domain and parent.id != domain.id:
        raise errors.ValidationError(
            "Cannot create project, the parent (%s) is acting as a domain, but this "
            "project's domain id (%s) does not match the parent's id." % (parent.id, domain.id))
    if not parent.is_domain:
        if parent.domain_id != domain.id:
            raise errors.ValidationError(
                'Cannot create project, since it specifies its domain_id %s, but specifies '
                'a parent in a different domain (%s).' % (domain.id, parent.domain_id))
        for ref in [parent] + _ancestors(parent):
            if not ref.enabled:
                raise errors.ValidationError(
                    'cannot create a project in a branch containing a disabled project: %s'
                    % ref.id)
    return domain.id, parent.id


def _check_update(row, entity):
    if 'domain_id' in entity and not row.is_domain and entity['domain_id'] != row.domain_id:
        raise errors.ValidationError('Cannot change Domain ID')
    current_parent = None if row.is_domain else (row.parent_id or row.domain_id)
    if 'parent_id' in entity and entity['parent_id'] != current_parent:
        raise errors.ForbiddenNotSecurity('Update of `parent_id` is not allowed.')
    if 'is_domain' in entity and entity['is_domain'] != row.is_domain:
        raise errors.ValidationError('Update of `is_domain` is not allowed.')
    enabled = entity.get('enabled', row.enabled)
    if enabled and not row.enabled and any(not p.enabled for p in _ancestors(row)):
        raise errors.ForbiddenNotSecurity(
            'Cannot enable project %s since it has disabled parents' % row.id)
    if (not enabled and row.enabled and not row.is_domain
            and any(p.enabled for p in db.subtree(row.id))):
        raise errors.ForbiddenNotSecurity(
            'Cannot disable project %s since its subtree contains enabled projects.' % row.id)


class ProjectsController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        info = common.token_info(req)
        scoped_domain = info.get('domain', {}).get('id')
        domain_id = req.GET.get('domain_id') or scoped_domain
        common.authorize(req, 'identity:list_projects', {'target.domain_id': domain_id})
        if scoped_domain:
            domain_id = scoped_domain
        is_domain = common.query_bool(req, 'is_domain')
        rows = db.list_projects(name=req.GET.get('name'), domain_id=domain_id,
                                enabled=common.query_bool(req, 'enabled'),
                                parent_id=req.GET.get('parent_id'),
                                is_domain=bool(is_domain))
        rows = common.filtered(req, _FILTERS, _tag_filter(rows, req))
        return common.collection(req, 'projects', [views.project(req, r) for r in rows])

    def show(self, req, id):
        row = db.get_project(id)
        common.authorize(req, 'identity:get_project',
                         common.target(project=row) or {'target.project.id': id})
        if row is None:
            raise errors.ProjectNotFound(project_id=id)
        return {'project': views.project(req, row)}

    def create(self, req, body=None):
        entity = common.member(body, 'project')
        common.authorize(req, 'identity:create_project',
                         {'target.project.domain_id': entity.get('domain_id')})
        common.validate(schemas.project_create, entity)
        if entity.get('is_domain'):
            row = domains.create_domain(entity)
        else:
            domain_id, parent_id = _placement(req, entity)
            values, extra = common.split(entity, _COLUMNS)
            values.update(id=db.new_id(), name=values['name'].strip(),
                          description=values.get('description') or '',
                          enabled=values.get('enabled', True), is_domain=False,
                          domain_id=domain_id, parent_id=parent_id, extra=extra)
            row = db.create_project(values)
        return wsgi.ResponseObject({'project': views.project(req, row)}, status=201)

    def update(self, req, id, body=None):
        row = db.get_project(id)
        common.authorize(req, 'identity:update_project',
                         common.target(project=row) or {'target.project.id': id})
        entity = common.member(body, 'project')
        common.validate(schemas.project_update, entity)
        common.require_matching_id(entity, id)
        if row is None:
            raise errors.ProjectNotFound(project_id=id)
        _check_update(row, entity)
        values, extra = common.split(entity, ('name', 'description', 'enabled'))
        if 'name' in values:
            values['name'] = values['name'].strip()
        if 'description' in values:
            values['description'] = values['description'] or ''
        for key in ('domain_id', 'parent_id', 'is_domain'):
            extra.pop(key, None)
        values['extra'] = dict(row.extra or {}, **extra)
        return {'project': views.project(req, db.update_project(id, values))}

    @wsgi.response(204)
    def delete(self, req, id):
        row = db.get_project(id)
        common.authorize(req, 'identity:delete_project',
                         common.target(project=row) or {'target.project.id': id})
        if row is None:
            raise errors.ProjectNotFound(project_id=id)
        if row.is_domain:
            if row.enabled:
                raise errors.ValidationError(
                    'cannot delete an enabled project acting as a domain. Please disable '
                    'the project %s first.' % id)
            db.delete_domain(id)
            return
        if db.children(id):
            raise errors.ForbiddenNotSecurity(
                'Cannot delete the project %s since it is not a leaf in the hierarchy. Use '
                'the cascade option if you want to delete a whole subtree.' % id)
        db.delete_project(id)
