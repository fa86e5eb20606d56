"""The public CP section's kept pages use the same version as the indicators (see 0001):
every write to its content bumps it too, so a page taken off, a piece changed or a
facility's consent withdrawn (``facilities_facility``, already an input) leaves no kept
page showing it, in any process.

A document's download count is not content: its update bumps nothing (the triggers of
``portal_document`` are made again with every other column), so downloads do not drop
the indicators' cache.
"""

from importlib import import_module

from django.db import migrations

versioning = import_module("sxsh.indicators.migrations.0001_inputs_version")

DOCUMENT_COLUMNS = ("id", "title", "slug", "summary", "status", "published_at", "is_demo",
                    "created_at", "updated_at", "kind", "number", "issued_on", "issuer",
                    "in_force", "file")

INPUTS: dict[str, tuple[str, ...]] = {
    "portal_article": (),
    "portal_article_tags": (),
    "portal_casestudy": (),
    "portal_casestudy_options": (),
    "portal_category": (),
    "portal_tag": (),
    "portal_document": DOCUMENT_COLUMNS,
}


def create(apps, schema_editor):
    versioning.create_triggers(schema_editor, INPUTS)


def drop(apps, schema_editor):
    versioning.drop_triggers(schema_editor, {k: v for k, v in INPUTS.items()
                                             if k != "portal_document"})
    versioning.create_triggers(schema_editor, {"portal_document": ()})


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_portal_inputs"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
