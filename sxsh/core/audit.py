"""The audit trail, in one vocabulary: field diffs and actions.

- **Field diffs**: django-auditlog writes one ``LogEntry`` per create, change and delete
  of a registered model, with the fields that changed (old and new value); its middleware
  records the user of the request, commands set it with ``auditlog.context.set_actor``.
  Each context registers its models in its ``AppConfig.ready`` (``register``).
- **Actions**: a step a person takes on a record — a report submitted, accepted or
  returned, a budget appraised — is ``log_action(obj, "facilities.report.accepted",
  user=…, data={…})``, an ``AuditAction`` in the project's vocabulary. Each context names
  its action types in its ``AppConfig.ready`` (``register_action``); a status change is
  an action whose data carries ``from`` and ``to``.

The audit page reads both (``trail``); a record's page shows its steps (``history``).
Nothing writes into auditlog's table with SQL of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import set_extra_data
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q, QuerySet, Value
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .bulk import insert_rows

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
    # Who may do what in the administration area: the groups, their permissions and each
    # user's groups and permissions of their own.
    register(m.User, exclude_fields=USER_EXCLUDED_FIELDS,
             m2m_fields={"groups", "user_permissions"})
    register(Group, m2m_fields={"permissions"})
    register_action("core.user.password_changed", _("password changed"))


# --- Who: a user of the application, or the operating-system account of a command ---

#: The key under which an entry made by a command run without ``--user`` names the
#: operating-system account: auditlog's ``additional_data``, an action's ``data``.
OS_USER = "os_user"
_os_user: ContextVar[str | None] = ContextVar("sxsh_audit_os_user", default=None)


@contextmanager
def acting(user=None, *, os_user: str | None = None) -> Iterator[None]:
    """Every change made inside is audited as made by ``user``, or, without one, by the
    operating-system account ``os_user`` (a command run without ``--user``): auditlog's
    entries, the bulk diffs and the actions alike."""
    context: dict[str, Any] = {"actor": user}
    named = os_user if user is None else None
    if named:
        context["additional_data"] = {OS_USER: named}
    token = _os_user.set(named)
    try:
        with set_extra_data(context):
            yield
    finally:
        _os_user.reset(token)


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _with_os_user(data: dict | None, actor) -> dict:
    named = _os_user.get() if actor is None else None
    return {**(data or {}), OS_USER: named} if named else dict(data or {})


def actor_label(entry) -> str:
    """Who made an entry (a diff or an action): the user, the operating-system account of a
    command run without ``--user``, or the system."""
    if entry.actor is not None:
        return str(entry.actor)
    extra = entry.data if isinstance(entry, _action_model()) else entry.additional_data
    if isinstance(extra, dict) and extra.get(OS_USER):
        return str(_("%(account)s (command line)") % {"account": extra[OS_USER]})
    return str(_("system"))


def _action_model():
    from .models import AuditAction

    return AuditAction


def audited_content_types() -> QuerySet[ContentType]:
    """The models whose changes are in the trail, for the filter on the audit page."""
    registered = Q(pk__in=[])
    for model in apps.get_models():
        if auditlog.contains(model):
            registered |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    return ContentType.objects.filter(registered).order_by("app_label", "model")


def log_diffs(model: type[models.Model], items: Iterable[tuple[Any, str, dict | None, dict]],
              *, user=None, batch_size: int = 2000, extra: dict | None = None) -> None:
    """Field diffs for rows written in bulk (an import: auditlog only sees ``save()``),
    one entry per row as auditlog writes it: (pk, label, diff, values) where ``diff`` is
    ``None`` for a created row (its non-empty ``values`` are logged). ``extra`` goes into
    every entry's ``additional_data`` (an import's id and file)."""
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    actor = _actor(user)
    additional_data = _with_os_user(extra, actor) or None
    entries = []
    for pk, label, diff, values in items:
        if diff is None:
            changes = {f: ["None", str(v)] for f, v in values.items()
                       if v is not None and (type(v) is not str or v)}
            action = LogEntry.Action.CREATE
        else:
            changes, action = diff, LogEntry.Action.UPDATE
        entries.append({"content_type_id": content_type.pk, "object_pk": str(pk),
                        "object_id": pk, "object_repr": label, "action": action,
                        "changes": changes, "actor_id": actor.pk if actor else None,
                        "timestamp": now, "additional_data": additional_data})
    insert_rows(LogEntry, entries, batch_size)


# --- Actions ----------------------------------------------------------------------


@dataclass(frozen=True)
class ActionType:
    code: str
    label: str | Promise
    #: For data keys holding codes (a status), the words to show: {key: {code: label}}.
    choices: dict[str, dict[str, Any]] = field(default_factory=dict)


ACTION_TYPES: dict[str, ActionType] = {}

#: How the data an action carries is labelled on the pages.
DATA_LABELS: dict[str, str | Promise] = {
    "from": _("from"), "to": _("to"), "comment": _("comment"), "file": _("file"),
    "rows": _("rows"), "decision": _("decision"), "created": _("created"),
    "updated": _("updated"), "digest": _("SHA-256 of the file"), "import": _("import no."),
}


def register_action(code: str, label: str | Promise, *, choices=None) -> None:
    """Name an action type of a context (in its ``AppConfig.ready``)."""
    ACTION_TYPES[code] = ActionType(code, label, dict(choices or {}))


def _action_type(code: str) -> ActionType:
    try:
        return ACTION_TYPES[code]
    except KeyError:
        raise LookupError(f"Unregistered audit action {code!r}") from None


def log_action(obj: models.Model, action_type: str, *, user=None, data: dict | None = None,
               at=None):
    """Record that ``user`` took the step ``action_type`` on ``obj`` (with ``data``)."""
    from .models import AuditAction

    _action_type(action_type)
    actor = _actor(user)
    return AuditAction.objects.create(
        action_type=action_type, content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk), object_repr=str(obj)[:300], actor=actor,
        data=_with_os_user(data, actor), timestamp=at or timezone.now())


def log_actions(model: type[models.Model], items: Iterable[tuple[Any, str, str, dict]], *,
                user=None, at=None, batch_size: int = 2000) -> None:
    """Many actions at once (an import): ``items`` of (pk, label, action type, data)."""
    from .models import AuditAction

    content_type = ContentType.objects.get_for_model(model)
    at = at or timezone.now()
    actor = _actor(user)
    rows = []
    for pk, label, code, data in items:
        _action_type(code)
        rows.append({"action_type": code, "content_type_id": content_type.pk,
                     "object_pk": str(pk), "object_repr": label[:300],
                     "actor_id": actor.pk if actor else None,
                     "data": _with_os_user(data, actor), "timestamp": at})
    insert_rows(AuditAction, rows, batch_size)


def history(obj: models.Model, *also: tuple[type[models.Model], Any, str]):
    """The steps taken on ``obj``, oldest first — for a page that has already read ``obj``
    through the user's scope. ``also`` adds steps of one type taken on other records, as
    (model, pk, action type): the import that created ``obj``, audited once for its file."""
    from .models import AuditAction

    steps = Q(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))
    for model, pk, code in also:
        if pk is not None:
            steps |= Q(content_type=ContentType.objects.get_for_model(model),
                       object_pk=str(pk), action_type=code)
    return AuditAction.objects.filter(steps).select_related("actor").order_by("timestamp", "pk")


def action_label(action) -> str:
    found = ACTION_TYPES.get(action.action_type)
    return str(found.label) if found else action.action_type


def action_rows(action) -> list[tuple[str, str]]:
    """An action's data as (label, value), codes shown in words, the known keys first in
    the order of ``DATA_LABELS`` (PostgreSQL's jsonb does not keep the order written)."""
    found = ACTION_TYPES.get(action.action_type)
    choices = found.choices if found else {}
    rows = []
    # PostgreSQL's jsonb keeps keys in an order of its own ("to" before "from"): the
    # labelled keys are shown in the order of DATA_LABELS, others after them.
    order = {key: n for n, key in enumerate(DATA_LABELS)}
    data = action.data or {}
    for key in sorted(data, key=lambda k: order.get(k, len(order))):
        value = data[key]
        if value in (None, "") or key == OS_USER:  # shown as who took the step
            continue
        shown = choices.get(key, {}).get(value, value)
        rows.append((str(DATA_LABELS.get(key, key)), str(shown)))
    return rows


# --- The trail: diffs and actions together ---------------------------------------

DIFF, ACTION = "diff", "action"


class Trail:
    """Field diffs and actions newest first, filtered as an officer asks; paged by
    ``Paginator`` in four queries whatever the number of entries (count, the page's keys,
    then the page's diffs and actions)."""

    def __init__(self, diffs: QuerySet, actions: QuerySet) -> None:
        self.diffs, self.actions = diffs, actions
        kind: CharField = CharField(max_length=6)
        self.keys = (
            diffs.annotate(kind=Value(DIFF, output_field=kind)).values_list(
                "timestamp", "pk", "kind").order_by()
            .union(actions.annotate(kind=Value(ACTION, output_field=kind)).values_list(
                "timestamp", "pk", "kind").order_by(), all=True)
            .order_by("-timestamp", "-pk")
        )

    @classmethod
    def none(cls) -> Trail:
        from .models import AuditAction

        return cls(LogEntry.objects.none(), AuditAction.objects.none())

    def count(self) -> int:
        return self.keys.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        keys = list(self.keys[index]) if isinstance(index, slice) else [self.keys[index]]
        diffs = self.diffs.select_related("actor", "content_type").in_bulk(
            [pk for _t, pk, kind in keys if kind == DIFF])
        actions = self.actions.select_related("actor", "content_type").in_bulk(
            [pk for _t, pk, kind in keys if kind == ACTION])
        rows = []
        for _t, pk, kind in keys:
            row = diffs[pk] if kind == DIFF else actions[pk]
            row.kind = kind
            rows.append(row)
        return rows if isinstance(index, slice) else rows[0]


def trail(
    *, content_type_id: int | None = None, actor_id: int | None = None,
    action: str = "", object_pk: str = "", date_from=None, date_to=None, text: str = "",
) -> Trail:
    """The audit trail (diffs and actions), newest first, filtered as an officer asks.

    ``action``: "" for all, "0"/"1"/"2" for auditlog's created/changed/deleted, "steps"
    for the actions only, or one action type's code.
    """
    from .models import AuditAction

    diffs: QuerySet = LogEntry.objects.all()
    actions: QuerySet = AuditAction.objects.all()
    common = Q()
    if content_type_id:
        common &= Q(content_type_id=content_type_id)
    if actor_id:
        common &= Q(actor_id=actor_id)
    if object_pk:
        common &= Q(object_pk=object_pk)
    if date_from:
        common &= Q(timestamp__date__gte=date_from)
    if date_to:
        common &= Q(timestamp__date__lte=date_to)
    if text:
        common &= Q(object_repr__icontains=text)
    diffs, actions = diffs.filter(common), actions.filter(common)
    if action in ("0", "1", "2"):
        diffs, actions = diffs.filter(action=int(action)), actions.none()
    elif action == "steps":
        diffs = diffs.none()
    elif action:
        diffs, actions = diffs.none(), actions.filter(action_type=action)
    return Trail(diffs, actions)
