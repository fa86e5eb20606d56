"""The filters of the dashboard and the drill-down lists (read from the query string)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sxsh.core.models import AdminUnit, SizeThreshold, VsicDivision
from sxsh.core.years import picker_years
from sxsh.facilities.models import Facility

from .engine import Scope, build_scope


def year_choices() -> list[tuple[int, int]]:
    return [(y, y) for y in picker_years()]


def unit_label(unit: AdminUnit) -> str:
    """A unit's name, with the day it ended for a unit of the past (old districts)."""
    if unit.valid_to is None:
        return unit.name
    return gettext("%(name)s (until %(day)s)") % {
        "name": unit.name, "day": date_format(unit.valid_to, "SHORT_DATE_FORMAT")}


class IndicatorFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices)
    admin_unit = forms.ChoiceField(label=_("Administrative unit"), required=False)
    vsic = forms.ChoiceField(label=_("VSIC division"), required=False)
    size = forms.ChoiceField(
        label=_("Size"), required=False,
        choices=[("", _("All sizes")), *SizeThreshold.Size.choices],
    )
    provisional = forms.BooleanField(
        label=_("Provisional (also submitted reports)"), required=False
    )

    def __init__(self, data, *, units: QuerySet[AdminUnit], everywhere: str = "",
                 **kwargs) -> None:
        super().__init__(data, **kwargs)
        # "everywhere" is the user's whole area: a local focal point's district by name
        self.fields["admin_unit"].choices = [("", everywhere or gettext("Whole province")), *(
            (u.code, unit_label(u)) for u in units)]
        self.fields["vsic"].choices = [("", _("All divisions")), *(
            (d.code, f"{d.code} – {d.name_vi}") for d in VsicDivision.objects.all())]

    def scope(self, base: QuerySet[Facility]) -> Scope:
        data = self.cleaned_data
        try:
            return build_scope(base=base, admin_unit=data["admin_unit"], vsic=data["vsic"],
                               size=data["size"], provisional=data["provisional"])
        except ValidationError as exc:  # a unit deleted between two clicks
            self.add_error(None, exc)
            raise

    def query(self) -> str:
        """The filters as a query string, for links to drill-downs and exports."""
        from urllib.parse import urlencode

        data = self.cleaned_data
        params = {"year": data["year"]}
        params.update({k: data[k] for k in ("admin_unit", "vsic", "size") if data[k]})
        if data["provisional"]:
            params["provisional"] = "on"
        return urlencode(params)


def filter_form(request, *, default_year: int, units: QuerySet[AdminUnit],
                everywhere: str = "") -> IndicatorFilterForm:
    data = request.GET.copy()
    data.setdefault("year", str(default_year))
    return IndicatorFilterForm(data, units=units, everywhere=everywhere)
