"""The scope of an indicator: which facilities, by whom, by area, sector and size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sxsh.core.models import AdminUnit, SizeThreshold, VsicDivision
from sxsh.facilities.models import Facility


@dataclass(frozen=True)
class Scope:
    """Facilities an indicator looks at.

    ``base`` is already cut to what the user may see (``Facility.objects.for_user``); the
    filters narrow it. ``unit_ids`` is the resolved area (see ``unit_area_ids``).
    """

    base: QuerySet[Facility] = field(default_factory=Facility.objects.all)
    admin_unit: AdminUnit | None = None
    unit_ids: frozenset[int] | None = None
    vsic: VsicDivision | None = None
    size: str = ""
    provisional: bool = False
    #: The reader's department, whose province's plans hold when no unit is chosen (None:
    #: the installation's province, ``settings.HOME_PROVINCE``).
    agency_id: int | None = None

    def facilities(self) -> QuerySet[Facility]:
        qs = self.base
        if self.unit_ids is not None:
            qs = qs.filter(admin_unit_id__in=self.unit_ids)
        if self.vsic is not None:
            qs = qs.filter(vsic_id=self.vsic.pk)
        if self.size:
            qs = qs.filter(size_class=self.size)
        return qs

    @property
    def is_filtered(self) -> bool:
        return self.unit_ids is not None or self.vsic is not None or bool(self.size)


def unit_area_ids(unit: AdminUnit) -> frozenset[int]:
    """The unit's area as everywhere else (``AdminUnit.area_ids``: merged units included)."""
    return unit.area_ids()


def find_admin_unit(text: str) -> AdminUnit:
    """An admin unit by code, by full name, or by a part of its name that only it has."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Name an administrative unit."))
    units = AdminUnit.objects.all()
    for lookup in (Q(code=text), Q(name__iexact=text), Q(name__icontains=text)):
        found = list(units.filter(lookup)[:6])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(
                _("“%(text)s” matches several administrative units: %(names)s. Use the code.")
                % {"text": text, "names": ", ".join(f"{u.name} ({u.code})" for u in found)}
            )
    raise ValidationError(_("Unknown administrative unit “%(text)s”.") % {"text": text})


def find_vsic(text: str) -> VsicDivision:
    """A VSIC 2018 division by its two digits (a leading section letter C is accepted)."""
    code = (text or "").strip().upper().removeprefix("C").strip()
    division = VsicDivision.objects.filter(code=code).first() if code else None
    if division is None:
        raise ValidationError(
            _("Unknown VSIC division “%(text)s”: give the two digits of a division of "
              "section C, such as 10 or 23.") % {"text": text}
        )
    return division


def find_size(text: str) -> str:
    """A Decree 80 size class by key (micro, small, medium, large) or its Vietnamese name."""
    wanted = (text or "").strip().lower()
    for key, label in SizeThreshold.Size.choices:
        if wanted in (key, str(label).lower()):
            return key
    raise ValidationError(
        _("Unknown size class “%(text)s”: use one of %(choices)s.")
        % {"text": text,
           "choices": ", ".join(f"{k} ({label})" for k, label in SizeThreshold.Size.choices)}
    )


def build_scope(
    *, base: QuerySet[Facility] | None = None, admin_unit: str = "", vsic: str = "",
    size: str = "", provisional: bool = False, agency_id: int | None = None,
) -> Scope:
    """A scope from the words a user typed; ValidationError (in Vietnamese) on a bad one."""
    unit = find_admin_unit(admin_unit) if admin_unit else None
    return Scope(
        base=base if base is not None else Facility.objects.all(),
        admin_unit=unit,
        unit_ids=unit_area_ids(unit) if unit else None,
        vsic=find_vsic(vsic) if vsic else None,
        size=find_size(size) if size else "",
        provisional=provisional,
        agency_id=agency_id,
    )
