"""ISO 8601 times as naive UTC: Z, offsets and no zone at all."""
import datetime

import pytest

from novalite import timeutils


@pytest.mark.parametrize('text', ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05+00:00',
                                  '2026-01-02T03:04:05', '2026-01-02T05:04:05+02:00'])
def test_parse_isotime_is_naive_utc(text):
    assert timeutils.parse_isotime(text) == datetime.datetime(2026, 1, 2, 3, 4, 5)


def test_parse_isotime_keeps_microseconds_and_refuses_garbage():
    assert timeutils.parse_isotime('2026-01-02T03:04:05.123456Z').microsecond == 123456
    for bad in ('yesterday', '', '2026-13-01T00:00:00'):
        with pytest.raises(ValueError):
            timeutils.parse_isotime(bad)
