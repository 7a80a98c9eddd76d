"""ISO 8601 times as the code base keeps them: naive datetimes in UTC."""
import datetime


def parse_isotime(value):
    """``value`` (ISO 8601, ``Z`` or an offset, or none meaning UTC) as a naive UTC datetime;
    ValueError when it is not a time."""
    parsed = datetime.datetime.fromisoformat(str(value).replace('Z', '+00:00'))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return parsed


def utcnow():
    """Now, as a naive UTC datetime (the rows' times)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
