"""The reports' summary: what I1–I4 read of each counted report, kept by the database.

One row per counted report and counting rule (``provisional`` 0: accepted reports;
1: accepted and submitted), with what the indicators need of it:

- ``year`` and ``next_year`` (the facility's next counted report's year, 9999 without
  one): the report is the facility's latest for every year y with year ≤ y < next_year;
  ``is_first`` = 1 for the facility's earliest counted report;
- ``aware`` = 1 if this report or an earlier counted one says aware (I1), ``staff`` and
  ``applied`` this report's flags (I2, I3: the latest report's);
- ``paired`` = 1 if the report has a baseline for I4 (the stated baseline year's counted
  report, else the earliest counted one, earlier than it, both with production above
  zero), ``base_year`` that baseline's year, and ``saving_<category>`` =
  1 − SEC(report) / SEC(baseline) in floating point (``CAST(… AS real)`` on SQLite,
  ``double precision`` on PostgreSQL, as Django's ``Cast(…, FloatField())``).

Facility attributes (scope, size, opening and closing years) and the first assessment,
attendance and implemented option are not kept here: the engine joins them, so only the
reports' writes change the summary. Triggers on ``facilities_report`` recompute the rows
of every facility a statement touches, in the writing transaction (row triggers on SQLite;
statement triggers with transition tables on PostgreSQL, so a ``COPY`` of a million rows
recomputes each facility once per statement). Every write path — the services, the
imports' bulk writes and ``COPY``, the API, the admin, ``loaddata``, a ``flush``, SQL by
hand — keeps it current. ``rebuild()`` (``sxsh indicators --rebuild-summary``) computes
it afresh from the reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from .definitions import CATEGORIES

TABLE = "indicators_report_summary"
#: SQLite: the facilities a deferred bulk write touched, and the flag (``DEFERRING``) that
#: a deferred write is under way (``deferred()``).
DEFERRED = "indicators_summary_deferred"
DEFERRING = 0  # no facility has id 0
REPORTS = "facilities_report"
FUNCTION_PREFIX = "indicators_summary"
SAVING_COLUMNS = [f"saving_{key}" for key, _column, _label in CATEGORIES]
COLUMNS = ["facility_id", "provisional", "year", "next_year", "is_first", "aware", "staff",
           "applied", "paired", "base_year", *SAVING_COLUMNS]
#: The statuses each counting rule counts (``facilities.models.counted_statuses``, as it
#: stood when the summary was made; a change there needs a migration calling ``install``).
RULES = {0: ("accepted",), 1: ("accepted", "submitted")}


def _float(vendor: str) -> str:
    """The type Django's ``Cast(…, FloatField())`` names on this database."""
    return "double precision" if vendor == "postgresql" else "real"


def _specific(alias: str, column: str, real: str) -> str:
    """SEC = consumption ÷ production, in floating point (None without production)."""
    return f"(CAST({alias}.{column} AS {real}) / NULLIF(CAST({alias}.production AS {real}), 0.0))"


def select_rows(facilities: str, vendor: str) -> str:
    """The summary's rows of the facilities matching ``facilities`` (an SQL condition on
    ``c.facility_id``, e.g. ``= NEW.facility_id``; ``IS NOT NULL`` for all)."""
    real = _float(vendor)
    selects = []
    for provisional, statuses in RULES.items():
        counted = "(" + ", ".join(f"'{s}'" for s in statuses) + ")"

        def other(alias: str, condition: str, counted: str = counted) -> str:
            return (f"FROM {REPORTS} {alias} WHERE {alias}.facility_id = c.facility_id "
                    f"AND {alias}.status IN {counted} AND {condition}")

        paired = ("b.id IS NOT NULL AND b.year < c.year AND b.production > 0 "
                  "AND c.production > 0")
        savings = ", ".join(
            f"CASE WHEN {paired} THEN 1.0 - {_specific('c', column, real)} / "
            f"NULLIF({_specific('b', column, real)}, 0.0) END"
            for _key, column, _label in CATEGORIES)
        selects.append(
            f"SELECT c.facility_id, {provisional}, c.year, "
            f"COALESCE((SELECT MIN(n.year) {other('n', 'n.year > c.year')}), 9999), "
            f"CASE WHEN EXISTS (SELECT 1 {other('e', 'e.year < c.year')}) THEN 0 ELSE 1 END, "
            f"CASE WHEN EXISTS (SELECT 1 {other('a', 'a.year <= c.year AND a.aware')}) "
            "THEN 1 ELSE 0 END, "
            "CASE WHEN c.cp_staff THEN 1 ELSE 0 END, CASE WHEN c.cp_applied THEN 1 ELSE 0 END, "
            f"CASE WHEN {paired} THEN 1 ELSE 0 END, CASE WHEN {paired} THEN b.year END, "
            f"{savings} "
            f"FROM {REPORTS} c LEFT JOIN {REPORTS} b ON b.facility_id = c.facility_id "
            f"AND b.status IN {counted} AND b.year = COALESCE(c.baseline_year, "
            f"(SELECT MIN(f.year) {other('f', '1 = 1')})) "
            f"WHERE c.status IN {counted} AND c.facility_id {facilities}")
    return "\nUNION ALL\n".join(selects)


def refresh(facilities: str, vendor: str) -> list[str]:
    """The statements that make the rows of the facilities matching ``facilities`` anew."""
    return [f"DELETE FROM {TABLE} WHERE facility_id {facilities}",
            f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) {select_rows(facilities, vendor)}"]


def _create_table(execute, vendor: str) -> None:
    real = _float(vendor)
    savings = ", ".join(f"{column} {real}" for column in SAVING_COLUMNS)
    execute(f"CREATE TABLE {TABLE} (facility_id bigint NOT NULL, provisional smallint NOT NULL, "
            "year integer NOT NULL, next_year integer NOT NULL, is_first smallint NOT NULL, "
            "aware smallint NOT NULL, staff smallint NOT NULL, applied smallint NOT NULL, "
            f"paired smallint NOT NULL, base_year integer, {savings}, "
            "PRIMARY KEY (facility_id, provisional, year))"
            # On SQLite the rows are kept in the key's order: a facility's rows are read
            # from the key itself, without a second lookup per row.
            + ("" if vendor == "postgresql" else " WITHOUT ROWID"))
    execute(f"CREATE INDEX {TABLE}_year ON {TABLE} (provisional, year)")


# (operation, the transition tables it has, the facilities it touches)
_PG_EVENTS = [
    ("insert", "NEW TABLE AS changed_new", ["changed_new"]),
    ("update", "OLD TABLE AS changed_old NEW TABLE AS changed_new",
     ["changed_old", "changed_new"]),
    ("delete", "OLD TABLE AS changed_old", ["changed_old"]),
]


def _create_triggers(execute, vendor: str) -> None:
    if vendor == "postgresql":
        for operation, referencing, tables in _PG_EVENTS:
            touched = " UNION ".join(f"SELECT facility_id FROM {t}" for t in tables)
            body = "; ".join(refresh(f"IN ({touched})", vendor))
            function = f"{FUNCTION_PREFIX}_{operation}"
            execute(f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
                    f"AS $$ BEGIN {body}; RETURN NULL; END $$")
            execute(f"CREATE TRIGGER {function} AFTER {operation.upper()} ON {REPORTS} "
                    f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
        execute(f"CREATE OR REPLACE FUNCTION {FUNCTION_PREFIX}_truncate() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN DELETE FROM {TABLE}; RETURN NULL; END $$")
        execute(f"CREATE TRIGGER {FUNCTION_PREFIX}_truncate AFTER TRUNCATE ON {REPORTS} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION_PREFIX}_truncate()")
        return
    # SQLite has row triggers only: a bulk write inside ``deferred()`` notes the facilities
    # it touches instead, and they are recomputed once, set-based, when it ends.
    execute(f"CREATE TABLE {DEFERRED} (facility_id bigint PRIMARY KEY)")
    deferring = f"EXISTS (SELECT 1 FROM {DEFERRED} WHERE facility_id = {DEFERRING})"
    for operation, rows in (("insert", ["NEW"]), ("update", ["OLD", "NEW"]),
                            ("delete", ["OLD"])):
        body = "; ".join(statement for row in rows
                         for statement in refresh(f"= {row}.facility_id", vendor))
        execute(f"CREATE TRIGGER {FUNCTION_PREFIX}_{operation} AFTER {operation.upper()} "
                f"ON {REPORTS} WHEN NOT {deferring} BEGIN {body}; END")
        noted = "; ".join(f"INSERT OR IGNORE INTO {DEFERRED} VALUES ({row}.facility_id)"
                          for row in rows)
        execute(f"CREATE TRIGGER {FUNCTION_PREFIX}_{operation}_deferred AFTER "
                f"{operation.upper()} ON {REPORTS} WHEN {deferring} BEGIN {noted}; END")


@contextmanager
def deferred() -> Iterator[None]:
    """A bulk write of reports (an import) inside the current transaction, with the summary
    recomputed once at its end for the facilities it touched, set-based, instead of once a
    row (SQLite's triggers are row triggers; PostgreSQL's statement triggers already do one
    pass a statement: nothing to do there). Only inside a transaction, so that no reader
    ever sees the reports without their summary (an error rolls both back)."""
    if connection.vendor == "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("summary.deferred() runs inside a transaction only")
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {DEFERRED} VALUES ({DEFERRING})")
    try:
        yield
        with connection.cursor() as cursor:
            # the facilities noted, without the flag: the triggers run normally again
            cursor.execute(f"DELETE FROM {DEFERRED} WHERE facility_id = {DEFERRING}")
            for statement in refresh(f"IN (SELECT facility_id FROM {DEFERRED})", "sqlite"):
                cursor.execute(statement)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {DEFERRED}")


def analyze_if_underestimated(written: int) -> bool:
    """PostgreSQL: ``ANALYZE`` the reports, inside the writing transaction (which counts
    its own rows), when the planner believes they hold fewer rows than the ``written`` ones
    just written; whether it did.

    The statement triggers plan their recomputation with the table's statistics. A table
    emptied by ``DELETE`` and analysed before new rows came (0 rows in its pages) makes
    them look up a facility's next and first year by walking the (year, status) index over
    every report of the later years, not by the facility's own keys: each batch of an
    import then costs as much as the rows written before it, the whole import the square
    of its rows. One ``ANALYZE`` after the first batch puts the estimates right; the plans
    of the triggers are made again. It holds the table's SHARE UPDATE EXCLUSIVE lock until
    the transaction ends (autovacuum waits; reads and writes do not), so it runs only when
    the estimate is wrong. SQLite: nothing to do (row triggers, deferred)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [REPORTS])
        (estimated,) = cursor.fetchone()
        if estimated >= written:
            return False
        cursor.execute(f"ANALYZE {REPORTS}")
    return True


def drop(schema_editor) -> None:
    """Remove the summary, its triggers and functions."""
    execute = schema_editor.execute
    postgres = schema_editor.connection.vendor == "postgresql"
    for operation in ("insert", "update", "delete", "truncate"):
        name = f"{FUNCTION_PREFIX}_{operation}"
        if postgres:
            execute(f"DROP TRIGGER IF EXISTS {name} ON {REPORTS}")
            execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            execute(f"DROP TRIGGER IF EXISTS {name}")
            execute(f"DROP TRIGGER IF EXISTS {name}_deferred")
    execute(f"DROP TABLE IF EXISTS {TABLE}")
    execute(f"DROP TABLE IF EXISTS {DEFERRED}")


def install(schema_editor) -> None:
    """Create the summary (table, triggers) as defined here and fill it from the reports."""
    drop(schema_editor)
    vendor = schema_editor.connection.vendor
    _create_table(schema_editor.execute, vendor)
    _create_triggers(schema_editor.execute, vendor)
    for statement in refresh("IS NOT NULL", vendor):
        schema_editor.execute(statement)


def rebuild() -> int:
    """Compute the whole summary afresh from the reports; the number of rows it holds."""
    with connection.cursor() as cursor:
        for statement in refresh("IS NOT NULL", connection.vendor):
            cursor.execute(statement)
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def rows() -> list[tuple]:
    """Every row of the summary, in key order (to compare it with a fresh computation)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} "
                       "ORDER BY facility_id, provisional, year")
        return cursor.fetchall()


def fresh_rows() -> list[tuple]:
    """The rows the summary should hold, computed now from the reports, in key order."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({select_rows('IS NOT NULL', connection.vendor)}) s "
                       "ORDER BY 1, 2, 3")
        return cursor.fetchall()
