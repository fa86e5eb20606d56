"""The one scoping mechanism: every query that a user makes goes through ``for_user``.

A model whose rows belong to someone uses ``ScopedQuerySet`` (or a subclass) as its
manager and says, per role, which rows a user of that role may see, in a method
``scope_<role>(user)``. A role without such a method sees nothing: the default is to
refuse. Administrators see everything; anonymous visitors see ``public()``, which is
empty unless the model publishes rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import User


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    OFFICER = "officer", _("Programme officer")
    CONSULTANT = "consultant", _("Consultant")
    FINANCE = "finance", _("Finance")
    PARTNER = "partner", _("Partner agency")
    LOCAL = "local", _("Local focal point")
    ENTERPRISE = "enterprise", _("Enterprise")
    VIEWER = "viewer", _("Leadership / ministry (read-only)")
    MINISTRY = "ministry", _("Ministry of Industry and Trade (every province, read-only)")


#: The largest number a database's id holds (a signed 64-bit integer).
BIGGEST_ID = 2**63 - 1


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user: User | None) -> Self:
        """The rows ``user`` may see."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.public()
        if user.is_superuser or user.role == Role.ADMIN:
            return self.all()
        scope = getattr(self, f"scope_{user.role}", None)
        return scope(user) if scope is not None else self.none()

    def public(self) -> Self:
        """Rows anyone may see; nothing unless a model publishes rows."""
        return self.none()

    def get_for_user_or_404(self, user: User | None, **lookup):
        """One row the user may see, else 404 (never a bare ``get`` in a view)."""
        if any(isinstance(value, int) and abs(value) > BIGGEST_ID for value in lookup.values()):
            raise Http404  # an address's number no column holds (a database error otherwise)
        try:
            return self.for_user(user).get(**lookup)
        except (self.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc


class PublicQuerySet(ScopedQuerySet):
    """Rows everyone may read, signed in or not: reference data, public plans."""

    def public(self) -> PublicQuerySet:
        return self.all()

    def _everything(self, user: User) -> PublicQuerySet:
        return self.all()

    scope_officer = scope_consultant = scope_finance = scope_partner = _everything
    scope_local = scope_enterprise = scope_viewer = scope_ministry = _everything


class ThroughQuerySet(ScopedQuerySet):
    """Rows that are parts of another record (a CP option of an assessment, an output of an
    activity) are read by whoever reads that record: its rules, never a copy of them.

    ``through`` is the lookup from the part to the record it belongs to, e.g.
    ``"option__assessment"``; each role is answered by the record's own ``for_user``.
    """

    through = ""

    def _through(self, user: User) -> Self:
        model = self.model
        for name in self.through.split("__"):
            model = model._meta.get_field(name).related_model
        return self.filter(**{f"{self.through}__in": model._default_manager.for_user(user)})

    scope_officer = scope_consultant = scope_finance = scope_partner = _through
    scope_local = scope_enterprise = scope_viewer = scope_ministry = _through


def area_name(user: User | Any) -> str:
    """The area whose records ``user`` reads, by name: a local focal point's unit, else
    the whole province (for the headers of home blocks and dashboards)."""
    unit = getattr(user, "admin_unit", None) if getattr(user, "is_authenticated", False) \
        else None
    if unit is None or user.is_province_wide:
        return gettext("Whole province")
    return unit.name
