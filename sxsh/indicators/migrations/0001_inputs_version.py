"""The version of the indicators' inputs: one counter that every write to them bumps.

The pages cache their figures under this number (``sxsh.indicators.caching``). It is kept
by the database itself, with triggers, so that no write path can forget it: the services,
the imports (``executemany``), the demo data, ``loaddata`` in a restore, the admin, a
``flush`` and SQL typed by hand all bump it, in the writing transaction, so a reader sees
the new number exactly when it sees the new rows.

PostgreSQL fires one trigger per statement; SQLite has row triggers only. A change of the
user table counts only for the columns I5 reads (not ``last_login`` at each sign-in).
The tables are written out here as they stood when this migration was made: a new input
table needs a new migration calling ``create_triggers`` with it.
"""

from django.db import migrations

TABLE = "indicators_inputs_version"
FUNCTION = "indicators_inputs_bump"
BUMP = f"UPDATE {TABLE} SET version = version + 1 WHERE id = 1"

#: Each input table, with the columns whose update counts (empty: every column).
INPUTS: dict[str, tuple[str, ...]] = {
    "facilities_facility": (),
    "facilities_report": (),
    "assessments_assessment": (),
    "assessments_option": (),
    "activities_activity": (),
    "activities_attendance": (),
    "plans_plan": (),
    "plans_target": (),
    "plans_budgetline": (),
    "plans_budgetamount": (),
    "core_adminunit": (),
    "core_adminunitsuccession": (),
    "core_agency": (),
    "core_vsicdivision": (),
    "core_sizethreshold": (),
    "core_gridemissionfactor": (),
    "core_energyconversionfactor": (),
    "core_fuelemissionfactor": (),
    "core_user": ("role", "is_active", "agency_id", "cp_trained"),
}


def trigger_name(table: str, operation: str = "") -> str:
    return f"indicators_inputs_{table}" + (f"_{operation.lower()}" if operation else "")


def create_triggers(schema_editor, inputs: dict[str, tuple[str, ...]]) -> None:
    """Triggers bumping the version on every insert, update and delete of ``inputs``."""
    execute = schema_editor.execute
    postgres = schema_editor.connection.vendor == "postgresql"
    for table, columns in inputs.items():
        update = "UPDATE OF " + ", ".join(columns) if columns else "UPDATE"
        if postgres:
            execute(f"DROP TRIGGER IF EXISTS {trigger_name(table)} ON {table}")
            execute(f"CREATE TRIGGER {trigger_name(table)} AFTER INSERT OR {update} OR DELETE "
                    f"OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()")
            continue
        for operation, event in (("insert", "INSERT"), ("update", update), ("delete", "DELETE")):
            name = trigger_name(table, operation)
            execute(f"DROP TRIGGER IF EXISTS {name}")
            execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {BUMP}; END")


def drop_triggers(schema_editor, inputs: dict[str, tuple[str, ...]]) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for table in inputs:
        if postgres:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table)} ON {table}")
            continue
        for operation in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, operation)}")


def create(apps, schema_editor):
    schema_editor.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, version bigint NOT NULL)")
    schema_editor.execute(f"INSERT INTO {TABLE} (id, version) VALUES (1, 0)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$")
    create_triggers(schema_editor, INPUTS)


def drop(apps, schema_editor):
    drop_triggers(schema_editor, INPUTS)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0003_status_changes_become_actions"),
        ("assessments", "0001_initial"),
        ("activities", "0003_network_awards"),
        ("plans", "0006_budget_line_support"),
        ("core", "0004_fold_function"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
