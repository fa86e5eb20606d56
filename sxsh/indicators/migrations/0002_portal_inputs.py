"""I7 reads the portal's documents (technical guides and their VSIC divisions): their
writes bump the version of the indicators' inputs too (see 0001)."""

from importlib import import_module

from django.db import migrations

versioning = import_module("sxsh.indicators.migrations.0001_inputs_version")

INPUTS: dict[str, tuple[str, ...]] = {
    "portal_document": (),
    "portal_document_vsic_divisions": (),
}


def create(apps, schema_editor):
    versioning.create_triggers(schema_editor, INPUTS)


def drop(apps, schema_editor):
    versioning.drop_triggers(schema_editor, INPUTS)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_inputs_version"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
