"""The reports' summary (``sxsh.indicators.engine.summary``): one row per counted report
with what I1–I4 read of it, kept current by triggers on the reports and filled here from
the reports already written."""

from django.db import migrations

from sxsh.indicators.engine import summary


def create(apps, schema_editor):
    summary.install(schema_editor)


def drop(apps, schema_editor):
    summary.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_portal_content_inputs"),
        ("facilities", "0003_status_changes_become_actions"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
