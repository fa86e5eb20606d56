"""The audit trail: every create, change and delete of a registered model, with its actor.

django-auditlog writes one ``LogEntry`` per change with the fields that changed (old and
new value); its middleware records the user of the request. Commands that change data set
the actor with ``auditlog.context.set_actor``. Each context registers its own models here.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

USER_EXCLUDED_FIELDS = ["password", "last_login"]


def register(*models, **options) -> None:
    for model in models:
        if not auditlog.contains(model):
            auditlog.register(model, **options)


def register_core_models() -> None:
    from . import models as m

    register(
        m.AdminUnit, m.AdminUnitSuccession, m.Agency, m.VsicDivision, m.SizeThreshold,
        m.GridEmissionFactor, m.EnergyConversionFactor, m.FuelEmissionFactor,
    )
    register(m.User, exclude_fields=USER_EXCLUDED_FIELDS)


def audited_content_types() -> QuerySet[ContentType]:
    """The models whose changes are in the trail, for the filter on the audit page."""
    registered = Q(pk__in=[])
    for model in apps.get_models():
        if auditlog.contains(model):
            registered |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    return ContentType.objects.filter(registered).order_by("app_label", "model")


def log_entries(
    *, content_type_id: int | None = None, actor_id: int | None = None,
    action: int | None = None, object_pk: str = "", date_from=None, date_to=None,
    text: str = "",
) -> QuerySet[LogEntry]:
    """The audit trail, newest first, filtered as an officer asks."""
    qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if content_type_id:
        qs = qs.filter(content_type_id=content_type_id)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if action is not None:
        qs = qs.filter(action=action)
    if object_pk:
        qs = qs.filter(object_pk=object_pk)
    if date_from:
        qs = qs.filter(timestamp__date__gte=date_from)
    if date_to:
        qs = qs.filter(timestamp__date__lte=date_to)
    if text:
        qs = qs.filter(object_repr__icontains=text)
    return qs
