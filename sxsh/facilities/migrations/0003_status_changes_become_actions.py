"""A report's status changes become audited actions (``core.AuditAction``)."""

from django.db import migrations


def _step(change) -> str:
    if not change.from_status:
        return "created"
    if change.from_status == "accepted":
        return "reopened"
    return {"submitted": "submitted", "accepted": "accepted", "returned": "returned"}.get(
        change.to_status, "created")


def forwards(apps, schema_editor):
    ReportStatusChange = apps.get_model("facilities", "ReportStatusChange")
    AuditAction = apps.get_model("core", "AuditAction")
    ContentType = apps.get_model("contenttypes", "ContentType")
    changes = ReportStatusChange.objects.select_related("report__facility").order_by("at", "pk")
    if not changes.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="facilities", model="report")
    batch = []
    for c in changes.iterator(chunk_size=2000):
        batch.append(AuditAction(
            action_type=f"facilities.report.{_step(c)}", content_type=content_type,
            object_pk=str(c.report_id),
            object_repr=f"{c.report.facility.name} – {c.report.year}"[:300],
            actor_id=c.user_id, timestamp=c.at,
            data={"from": c.from_status, "to": c.to_status, "comment": c.comment},
        ))
        if len(batch) >= 2000:
            AuditAction.objects.bulk_create(batch)
            batch.clear()
    AuditAction.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("facilities", "0002_report_biogenic_co2_t_report_quality_warnings_and_more"),
        ("core", "0003_audit_action"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReportStatusChange"),
    ]
