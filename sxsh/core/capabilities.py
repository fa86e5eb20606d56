"""Who may do what: the one table of capabilities.

A capability is a thing a user may do (``facilities.review``, ``plans.appraise``). The
table below says, per capability, which roles hold it and — where the answer depends on
the object — the rule that decides for that role and object (the task's agencies, the
facility's area, the agency's own estimates). Views, services, templates and the menu ask
``can(user, "…", obj)``; nothing else compares roles. Administrators hold every
capability. Which *rows* a user may read stays the business of ``for_user``
(``sxsh.core.scoping``); a capability says what a user may *do* with them.

The table is also Django's permission backend (``CapabilityBackend``), so a template asks
``{% if perms.facilities.review %}`` and ``user.has_perm("facilities.review", obj)`` works.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .scoping import Role

if TYPE_CHECKING:
    from .models import User

Rule = Callable[[Any, Any], bool]


def always(user: Any, obj: Any) -> bool:
    """The role holds the capability whatever the object."""
    return True


def own_agency(user: Any, agency: Any) -> bool:
    """The object is the user's own agency (an agency's estimates are its own)."""
    return agency is None or (user.agency_id is not None and agency.pk == user.agency_id)


def task_agency(user: Any, task: Any) -> bool:
    """The user's agency leads or joins the task (``Task.involves``)."""
    return task is None or task.involves(user.agency_id)


def in_area(user: Any, obj: Any) -> bool:
    """The object (an admin unit, or anything with ``admin_unit_id``) lies in the user's
    area (``User.area_unit_ids``: its unit, the units below and those merged into them)."""
    from .models import AdminUnit  # the models read this table when they load

    if obj is None:
        return True
    unit_id = obj.pk if isinstance(obj, AdminUnit) else getattr(obj, "admin_unit_id", None)
    return unit_id in user.area_unit_ids()


def consulting_agency(user: Any, assessment: Any) -> bool:
    """The user's agency is the assessment's consulting agency."""
    return assessment is None or (
        user.agency_id is not None and assessment.consultant_agency_id == user.agency_id)


@dataclass(frozen=True)
class Capability:
    name: str
    label: str | Promise
    rules: dict[str, Rule]

    def roles(self) -> frozenset[str]:
        return frozenset(self.rules)


def _cap(name: str, label: str | Promise, **rules: Rule) -> Capability:
    return Capability(name=name, label=label, rules=rules)


# fmt: off
#: The table. Keyword = role (see ``Role``), value = its rule for the object.
CAPABILITIES: dict[str, Capability] = {c.name: c for c in [
    # core
    _cap("core.view_audit", _("read the audit trail"), officer=always),
    _cap("core.whole_province", _("read every record of the province"),
         officer=always, viewer=always),
    # plans
    _cap("plans.check", _("run the plan's consistency check"),
         officer=always, finance=always, viewer=always),
    _cap("plans.view_budget", _("read the yearly budget"),
         officer=always, finance=always, viewer=always),
    _cap("plans.estimate", _("enter an agency's estimates"),
         officer=always, partner=own_agency, consultant=own_agency),
    _cap("plans.consolidate", _("consolidate the estimates"), officer=always),
    _cap("plans.appraise", _("appraise or return the yearly budget"), finance=always),
    _cap("plans.approve", _("record the province's budget decision"), officer=always),
    _cap("plans.record_expenditure", _("record spending"), officer=always, finance=always),
    _cap("plans.report_progress", _("report progress on a task"),
         officer=always, partner=task_agency, consultant=task_agency),
    _cap("plans.read_progress", _("read the progress of a task"),
         officer=always, finance=always, viewer=always,
         partner=task_agency, consultant=task_agency),
    # facilities
    _cap("facilities.view", _("read the facility register"),
         officer=always, viewer=always, consultant=always, local=always, enterprise=always),
    _cap("facilities.register", _("register and edit facilities"),
         officer=always, local=in_area),
    _cap("facilities.publish", _("publish a facility and link its accounts"), officer=always),
    _cap("facilities.file_report", _("file yearly reports and upload files"),
         officer=always, local=always, enterprise=always),
    _cap("facilities.review", _("review yearly reports"), officer=always),
    _cap("facilities.completeness", _("read the reporting completeness"),
         officer=always, viewer=always, local=always),
    _cap("facilities.export_reports", _("export the yearly reports"),
         officer=always, viewer=always, local=always, enterprise=always),
    _cap("facilities.linked_account", _("be linked to a facility as its account"),
         enterprise=always),
    # assessments
    _cap("assessments.view", _("read CP assessments and their options"),
         officer=always, viewer=always, consultant=always, local=always, enterprise=always),
    _cap("assessments.manage", _("carry out CP assessments and record their options"),
         officer=always, consultant=consulting_agency),
    _cap("assessments.assign", _("assign facilities to a consulting agency"), officer=always),
    _cap("assessments.import_options", _("import and export the CP options register"),
         officer=always, consultant=always),
    # activities
    _cap("activities.view", _("read the programme's activities"),
         officer=always, finance=always, viewer=always, partner=always, consultant=always,
         local=always),
    _cap("activities.manage", _("record activities, their costs and who attended"),
         officer=always),
    _cap("activities.surveys", _("read the status survey and its answers"),
         officer=always, viewer=always),
    _cap("activities.network", _("read the local network and its yearly reports"),
         officer=always, viewer=always, local=in_area),
    _cap("activities.local_report", _("write and submit a unit's yearly local report"),
         local=in_area),
    _cap("activities.review_local", _("review the yearly local reports"), officer=always),
    _cap("activities.awards", _("read the emulation awards"), officer=always, viewer=always),
    # portal
    _cap("portal.edit", _("write and edit the public CP section's content"), officer=always),
    _cap("portal.publish", _("publish, schedule and unpublish public content"),
         officer=always),
    # indicators
    _cap("indicators.dashboard", _("open the indicator dashboard"),
         officer=always, viewer=always, consultant=always, local=always),
    _cap("indicators.provinces", _("compare the indicators of every province"),
         ministry=always),
    # reports
    _cap("reports.view", _("read the issued annual reports"),
         officer=always, viewer=always, ministry=always),
    _cap("reports.prepare", _("prepare an annual report: its draft and narrative"),
         officer=always),
    _cap("reports.issue", _("issue an annual report"), officer=always),
    # national
    _cap("national.read", _("read the provinces' national packages"), officer=always,
         ministry=always),
]}
# fmt: on

#: The organisation each role must be bound to (checked when a user is saved).
ROLE_BINDING: dict[str, str] = {
    Role.LOCAL: "admin_unit", Role.PARTNER: "agency", Role.CONSULTANT: "agency",
    Role.FINANCE: "agency",
}


def capability(name: str) -> Capability:
    try:
        return CAPABILITIES[name]
    except KeyError:
        raise LookupError(f"Unknown capability {name!r}") from None


def can(user: User | Any, name: str, obj: Any = None) -> bool:
    """Whether ``user`` holds capability ``name`` (for ``obj``, when it depends on it).

    Without an object the question is "may this user do it at all" (is a page offered);
    with one, the role's rule decides. Inactive and anonymous users hold nothing;
    administrators hold everything.
    """
    cap = capability(name)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    rule = cap.rules.get(user.role)
    return rule is not None and rule(user, obj)


def roles_holding(name: str) -> frozenset[str]:
    """The roles the table names for ``name`` (administrators, who hold everything, aside):
    for the rare question about other users, such as which accounts may be linked."""
    return capability(name).roles()


def holds_only(user: User | Any, name: str) -> bool:
    """Whether ``user`` holds ``name`` whatever the object (its rule is ``always``): an
    officer estimates for every agency, a partner only for its own."""
    if not can(user, name):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return capability(name).rules[user.role] is always


def require(user: User | Any, name: str, obj: Any = None) -> None:
    """Refuse (``PermissionDenied``, answered 403) unless ``user`` holds ``name``."""
    if not can(user, name, obj):
        raise PermissionDenied


def capability_required(name: str):
    """A view for logged-in users holding ``name``; others get 403 (anonymous: the login)."""
    capability(name)  # an unknown name fails when the module loads

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, name)
            return view(request, *args, **kwargs)

        guarded = login_required(wrapped)
        # Read by the menu, which offers a page only to those who may open it.
        guarded.capability = name  # type: ignore[attr-defined]
        return guarded

    return decorator


def may_open(user, name: str | None) -> bool:
    """Whether ``user`` passes a view guarded by ``name`` (None: open to everyone)."""
    return name is None or can(user, name)


class CapabilityBackend:
    """Django's permission API over the table: ``user.has_perm("facilities.review", obj)``
    and ``perms.facilities.review`` in templates. Names outside the table are left to the
    other backends (Django's model permissions in the administration area)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj: Any = None) -> bool:
        if perm not in CAPABILITIES:
            return False
        if can(user_obj, perm, obj):
            return True
        # The table's answer is final: Django then asks no other backend (no query).
        raise PermissionDenied

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return False
