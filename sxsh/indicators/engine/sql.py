"""SQL both databases read alike, written once for the engine and the triggers
(``indicators.dated``): a date's year, the smaller or larger of several terms."""

from __future__ import annotations

#: A year no report, date or figure reaches: "never".
NEVER = 9999


def year_of(vendor: str, date: str, missing: int) -> str:
    """The year of a date column or expression (a date on PostgreSQL, ISO text on SQLite),
    ``missing`` when it is NULL."""
    if vendor == "postgresql":
        return f"COALESCE(CAST(EXTRACT(YEAR FROM {date}) AS integer), {missing})"
    return f"COALESCE(CAST(SUBSTR({date}, 1, 4) AS integer), {missing})"


def least(vendor: str, *terms: str) -> str:
    """The smallest of non-null ``terms`` (SQLite's many-argument ``MIN``)."""
    return f"{'LEAST' if vendor == 'postgresql' else 'MIN'}({', '.join(terms)})"


def greatest(vendor: str, *terms: str) -> str:
    """The largest of non-null ``terms`` (SQLite's many-argument ``MAX``)."""
    return f"{'GREATEST' if vendor == 'postgresql' else 'MAX'}({', '.join(terms)})"
