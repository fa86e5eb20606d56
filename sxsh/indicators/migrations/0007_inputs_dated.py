"""The first year each write to a dated input can change (``sxsh.indicators.dated``), so
that the pages compute again only the years a write reaches."""

from django.db import migrations

from sxsh.indicators import dated


def create(apps, schema_editor):
    dated.install(schema_editor)


def remove(apps, schema_editor):
    dated.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_plan_inputs_triggers_again"),
        ("facilities", "0004_report_import_batch"),
        ("assessments", "0001_initial"),
        ("activities", "0003_network_awards"),
    ]

    operations = [migrations.RunPython(create, remove, elidable=False)]
