"""ORM rows as plain dicts: what the data layer returns (JSON-safe apart from datetimes, so
they travel over RPC after ``jsonutils.to_primitive``)."""


def row_dict(row):
    out = {}
    for prop in row.__mapper__.column_attrs:
        out[prop.key] = getattr(row, prop.key)
    return out
