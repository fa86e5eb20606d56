"""The yearly budget's status changes become audited actions (``core.AuditAction``)."""

from django.db import migrations

STEPS = {"consolidated": "consolidated", "appraised": "appraised", "collecting": "returned",
         "approved": "approved"}


def forwards(apps, schema_editor):
    StatusChange = apps.get_model("plans", "StatusChange")
    AuditAction = apps.get_model("core", "AuditAction")
    ContentType = apps.get_model("contenttypes", "ContentType")
    changes = StatusChange.objects.select_related("year_budget__plan").order_by("at", "pk")
    if not changes.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="plans", model="yearbudget")
    AuditAction.objects.bulk_create([
        AuditAction(
            action_type=f"plans.budget.{STEPS.get(c.to_status, c.to_status)}",
            content_type=content_type, object_pk=str(c.year_budget_id),
            object_repr=f"{c.year_budget.plan.number} {c.year_budget.year}",
            actor_id=c.user_id, timestamp=c.at,
            data={"from": c.from_status, "to": c.to_status, "comment": c.note},
        ) for c in changes
    ])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_target_national_unit"),
        ("core", "0003_audit_action"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="StatusChange"),
    ]
