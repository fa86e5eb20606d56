"""The assessments' triggers of ``dated`` made again: an assessment's first year is now the
earlier of its start's and its options' implementation (an assessment moved to another
facility moves its options' dates with it, and they may come before its start)."""

from django.db import migrations

from sxsh.indicators import dated


def create(apps, schema_editor):
    dated.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0007_inputs_dated")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
