"""The years each write to the indicators' inputs can change, kept by the database.

The indicators of a year y read only what is dated by y: the reports of y and earlier,
assessments started, options implemented, activities held (and their attendance) by
31/12/y — besides what has no date (the register of facilities, the plan, users, units,
the portal's guides). A write to a dated table notes the first year it can change, in
``indicators_inputs_dated`` (one row per first year, counting the writes), beside the
version every write bumps (``0001_inputs_version``), in the same transaction. So

    key(y) = version − (writes noted from a year after y)

grows exactly when a write can change year y's figures: a write with no date, or dated
by y, bumps the version alone; one dated after y bumps both. The pages keep each year's
figures under that key (``caching.YearKeeper``): after a report of 2020 is accepted,
2016–2019 are served as kept and only 2020 is computed again.

The first year of a changed row is the smaller of its old and new one (an update can move
a report from one year to another); an option without an implementation date counts in no
year (``NEVER``); an attendance whose activity is gone, every year (0). On PostgreSQL one
statement trigger per table and operation notes the first year of every row the statement
touched (a ``TRUNCATE`` has no rows to read: it bumps the version alone, so every year is
computed again); on SQLite a row trigger notes each row. Either way the version and the
noted count grow by the same number per write, which the formula needs.
"""

from __future__ import annotations

from .engine.sql import NEVER, least, year_of

TABLE = "indicators_inputs_dated"
PREFIX = "indicators_dated"


def first_years(vendor: str) -> dict[str, str]:
    """Each dated table with the SQL of a row's year (``{r}``: the row).

    An assessment carries its options: moved to another facility, it moves their
    implementation dates too, which may come before its start (a start put off after
    them), so its year is the earlier of its start's and its options' first."""
    options = ("(SELECT COALESCE(MIN({year}), {never}) FROM assessments_option o "
               "WHERE o.assessment_id = {{r}}.id)").format(
                   year=year_of(vendor, "o.implemented_on", NEVER), never=NEVER)
    return {
        "facilities_report": "{r}.year",
        "assessments_assessment": least(vendor, year_of(vendor, "{r}.started_on", 0), options),
        "assessments_option": year_of(vendor, "{r}.implemented_on", NEVER),
        "activities_activity": year_of(vendor, "{r}.date", 0),
        "activities_attendance": "COALESCE((SELECT {year} FROM activities_activity a "
                                 "WHERE a.id = {{r}}.activity_id), 0)".format(
                                     year=year_of(vendor, "a.date", 0)),
    }


def _note(first_year: str) -> str:
    return (f"INSERT INTO {TABLE} (from_year, changes) {first_year} "
            f"ON CONFLICT (from_year) DO UPDATE SET changes = {TABLE}.changes + 1")


_PG_EVENTS = [("insert", "NEW TABLE AS changed_new", ["changed_new"]),
              ("update", "OLD TABLE AS changed_old NEW TABLE AS changed_new",
               ["changed_old", "changed_new"]),
              ("delete", "OLD TABLE AS changed_old", ["changed_old"])]
_SQLITE_EVENTS = [("insert", ["NEW"]), ("update", ["OLD", "NEW"]), ("delete", ["OLD"])]


def trigger_names(vendor: str) -> set[tuple[str, str]]:
    """(table, trigger) of every trigger this module makes."""
    return {(table, f"{PREFIX}_{table}_{operation}") for table in first_years(vendor)
            for operation in ("insert", "update", "delete")}


def install(schema_editor) -> None:
    """The table and its triggers (made anew: also to restore them after a table is
    rebuilt)."""
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    drop(schema_editor, keep_table=True)
    execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (from_year integer PRIMARY KEY, "
            "changes bigint NOT NULL)")
    for table, year in first_years(vendor).items():
        if vendor == "postgresql":
            for operation, referencing, rows in _PG_EVENTS:
                name = f"{PREFIX}_{table}_{operation}"
                changed = " UNION ALL ".join(
                    f"SELECT {year.format(r='r')} AS y FROM {rows_} r" for rows_ in rows)
                first = (f"SELECT m, 1 FROM (SELECT MIN(y) AS m FROM ({changed}) c) f "
                         "WHERE m IS NOT NULL")
                execute(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger "
                        f"LANGUAGE plpgsql AS $$ BEGIN {_note(first)}; RETURN NULL; END $$")
                execute(f"CREATE TRIGGER {name} AFTER {operation.upper()} ON {table} "
                        f"REFERENCING {referencing} FOR EACH STATEMENT "
                        f"EXECUTE FUNCTION {name}()")
            continue
        for operation, rows in _SQLITE_EVENTS:
            years = [year.format(r=row) for row in rows]
            first = years[0] if len(years) == 1 else f"MIN({', '.join(years)})"
            # "WHERE true": SQLite reads ON CONFLICT after a bare SELECT as a join's.
            execute(f"CREATE TRIGGER {PREFIX}_{table}_{operation} AFTER {operation.upper()} "
                    f"ON {table} BEGIN {_note(f'SELECT {first}, 1 WHERE true')}; END")


def drop(schema_editor, *, keep_table: bool = False) -> None:
    execute = schema_editor.execute
    vendor = schema_editor.connection.vendor
    for table in first_years(vendor):
        for operation in ("insert", "update", "delete"):
            name = f"{PREFIX}_{table}_{operation}"
            if vendor == "postgresql":
                execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                execute(f"DROP TRIGGER IF EXISTS {name}")
    if not keep_table:
        execute(f"DROP TABLE IF EXISTS {TABLE}")
