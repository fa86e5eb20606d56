"""The filters of the dashboard and the drill-down lists (read from the query string)."""

from __future__ import annotations

from collections.abc import Callable

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

    def __init__(self, data, *, units: QuerySet[AdminUnit], whole: str | None = None,
                 public: bool = False, **kwargs) -> None:
        super().__init__(data, **kwargs)
        # A local focal point's "everything" is its own area, named as such.
        self.fields["admin_unit"].choices = [("", whole or _("Whole province")), *(
            (u.code, unit_label(u)) for u in units)]
        self.fields["vsic"].choices = [("", _("All divisions")), *(
            (d.code, f"{d.code} – {d.name_vi}") for d in VsicDivision.objects.all())]
        if public:  # the public sees accepted reports only
            del self.fields["provisional"]

    def summary(self) -> list[tuple[str, str]]:
        """The filters as people read them, (label, value) in Vietnamese: for the page's
        subtitle, its print-out and the files (labels, never codes)."""
        data = self.cleaned_data
        rows = [(str(self.fields["year"].label), str(data["year"]))]
        for name in ("admin_unit", "vsic", "size"):
            field = self.fields[name]
            rows.append((str(field.label), str(dict(field.choices).get(data[name], data[name]))))
        if "provisional" in self.fields:
            rows.append((gettext("Reports counted"), gettext(
                "accepted and submitted (provisional)") if data["provisional"] else gettext(
                "accepted")))
        return rows

    def area_name(self) -> str:
        """The area the figures cover, for the subtitle."""
        return str(dict(self.fields["admin_unit"].choices)[self.cleaned_data["admin_unit"]])

    def scope(self, base: QuerySet[Facility], *, agency_id: int | None = None) -> Scope:
        data = self.cleaned_data
        try:
            return build_scope(base=base, admin_unit=data["admin_unit"], vsic=data["vsic"],
                               size=data["size"], provisional=data.get("provisional", False),
                               agency_id=agency_id)
        except ValidationError as exc:  # a unit deleted between two clicks
            self.add_error(None, exc)
            raise

    def query(self) -> str:
        """The filters as a query string, for links to drill-downs and exports."""
        from urllib.parse import urlencode

        data = self.cleaned_data
        params = {"year": data["year"]}
        params.update({k: data[k] for k in ("admin_unit", "vsic", "size") if data[k]})
        if data.get("provisional"):
            params["provisional"] = "on"
        return urlencode(params)


def filter_form(request, *, default_year: Callable[[], int], units: QuerySet[AdminUnit],
                whole: str | None = None, public: bool = False) -> IndicatorFilterForm:
    """The filters asked for; without a year, ``default_year()`` (asked only then: a
    request naming its year — a link, a chart, a filter sent — does not compute it)."""
    data = request.GET.copy()
    if "year" not in data:
        data["year"] = str(default_year())
    return IndicatorFilterForm(data, units=units, whole=whole, public=public)
