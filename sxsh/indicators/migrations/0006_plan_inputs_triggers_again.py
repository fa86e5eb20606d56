"""The inputs' version triggers of ``plans_plan`` made again.

On SQLite, plans 0007_plan_province made the plans' table anew (a field made required),
which drops the table's triggers without a word: since then a change to a plan (its years,
its province) bumped nothing, and the indicators' pages kept serving figures computed
before it. ``create_triggers`` drops and makes them, so this is harmless where they were
kept (PostgreSQL alters a table in place). A test lists every trigger expected after the
migrations (``tests/test_summary.py``), so that the next migration making one of these
tables anew is caught.
"""

from importlib import import_module

from django.db import migrations

versioning = import_module("sxsh.indicators.migrations.0001_inputs_version")
INPUTS: dict[str, tuple[str, ...]] = {"plans_plan": ()}


def create(apps, schema_editor):
    versioning.create_triggers(schema_editor, INPUTS)
    # Writes since the triggers were lost may have gone uncounted: count one now.
    schema_editor.execute(versioning.BUMP)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_summary_deferred_on_sqlite"),
        ("plans", "0008_merge_provinces_and_guides"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
