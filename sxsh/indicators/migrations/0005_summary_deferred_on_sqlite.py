"""SQLite: a bulk write of reports (an import) defers the summary's upkeep to its end, one
set-based recomputation of the facilities it touched instead of one a row
(``summary.deferred``); the summary is installed again with the deferring triggers."""

from django.db import migrations

from sxsh.indicators.engine import summary


def create(apps, schema_editor):
    summary.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_report_summary")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
