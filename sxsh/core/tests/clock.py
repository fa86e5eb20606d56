"""The moment a test whose expected value depends on the date stands on."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

HUE = ZoneInfo("Asia/Ho_Chi_Minh")


def stopped_at(year: int, month: int, day: int, hour: int = 10,
               minute: int = 0) -> pytest.MarkDecorator:
    """Stop the clock at that moment in Huế, for the test and every fixture it uses."""
    return pytest.mark.time_machine(dt.datetime(year, month, day, hour, minute, tzinfo=HUE),
                                    tick=False)
