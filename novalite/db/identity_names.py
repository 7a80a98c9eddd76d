"""How identity names compare, and Keystone's list filters (``?name__icontains=...``).

Names: Keystone compares names in SQL, so what matches depends on the database's collation.
Keystone is nearly always deployed on MySQL/MariaDB (devstack, the deployment tools), whose
default collation is case-insensitive: ``"default"`` finds the domain ``Default``, and
``Demo`` cannot be created next to ``demo``. novalite does the same on every database it runs
on (SQLite, PostgreSQL, MariaDB) by comparing ``lower()`` of both sides in SQL. (SQLite's
``lower()`` folds ASCII letters only.)

Filters: Keystone's ``build_driver_hints``: for each supported attribute, ``attr=value`` is an
exact filter and ``attr__<comparator>=value`` an inexact one; comparators ``contains``,
``startswith``, ``endswith`` (case-sensitive) and ``icontains``, ``istartswith``,
``iendswith`` (case-insensitive), ``equals``/``iequals`` (exact). Unknown comparators are
ignored (the entry matches when it has the attribute), so are unsupported attributes.
"""
import sqlalchemy as sa

_INEXACT = ('contains', 'startswith', 'endswith')


def matches(column, name):
    """SQL: column equals name, case-insensitively."""
    return sa.func.lower(column) == sa.func.lower(sa.literal(name, type_=sa.String))


def same(a, b):
    """Python: two names equal as the database would compare them."""
    return a is not None and b is not None and a.lower() == b.lower()


def hints(params, supported):
    """Keystone's filter hints from query parameters (a multidict or dict):
    [{'name', 'value', 'comparator', 'case_sensitive'}]."""
    found = []
    for key, value in params.items():
        if key in supported:
            found.append({'name': key, 'value': value, 'comparator': 'equals',
                          'case_sensitive': True, 'plain': True})
            continue
        base, sep, comparator = key.partition('__')
        if not sep or base not in supported:
            continue
        case_sensitive = not comparator.startswith('i')
        found.append({'name': base, 'value': value, 'case_sensitive': case_sensitive,
                      'comparator': comparator if case_sensitive else comparator[1:]})
    return found


def inexact(hint_list):
    """The hints given with a comparator (``attr__x=``); plain ``attr=`` filters are the list
    functions' arguments."""
    return [h for h in hint_list if not h.get('plain')]


def _matches(hint, value):
    if value is None:
        return False
    if not isinstance(value, str):
        return True
    want = hint['value']
    if not hint['case_sensitive']:
        want, value = want.lower(), value.lower()
    if hint['comparator'] == 'contains':
        return want in value
    if hint['comparator'] == 'startswith':
        return value.startswith(want)
    if hint['comparator'] == 'endswith':
        return value.endswith(want)
    if hint['comparator'] == 'equals':  # names compare as the database compares them
        return same(want, value) if hint['name'] == 'name' else want == value
    return True  # Keystone silently ignores comparators it does not know


def apply(rows, hint_list, attribute=getattr):
    """Rows (or dicts with attribute=dict.get-like) that satisfy every hint."""
    for hint in hint_list:
        rows = [r for r in rows if _matches(hint, attribute(r, hint['name'], None))]
    return rows


def exact(hint_list, name):
    """The value of the exact filter on ``name`` (the last one given), or None."""
    value = None
    for hint in hint_list:
        if hint['name'] == name and hint['comparator'] == 'equals':
            value = hint['value']
    return value
