"""Dates as Chinese readers write them."""

from __future__ import annotations

import datetime as dt


def chinese_date(day: dt.date | None) -> str:
    """``2024-03-08`` -> ``2024年3月8日``."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""
