"""Forms of the facilities pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sxsh.core import years
from sxsh.core.capabilities import can
from sxsh.core.fields import LocalizedDecimalField, LocalizedIntegerField
from sxsh.core.models import AdminUnit, SizeThreshold, User, VsicDivision
from sxsh.core.uploads import LimitedFileField

from .models import Facility, Report, current_year
from .selectors import SENT, linkable_accounts

YES_NO_UNKNOWN = [("", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]


class FacilityFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or tax code"), required=False, max_length=100)
    admin_unit = forms.ModelChoiceField(label=_("Administrative unit"), required=False,
                                        queryset=AdminUnit.objects.local().exclude(level="province"),
                                        empty_label=_("All units"))
    vsic = forms.ModelChoiceField(label=_("VSIC division"), required=False,
                                  queryset=VsicDivision.objects.all(),
                                  empty_label=_("All divisions"))
    size_class = forms.ChoiceField(label=_("Size class"), required=False,
                                   choices=[("", _("All sizes")), *SizeThreshold.Size.choices])

    def filters(self) -> dict:
        d = self.cleaned_data
        return {"q": d.get("q") or "",
                "admin_unit_id": d["admin_unit"].pk if d.get("admin_unit") else None,
                "vsic_id": d["vsic"].pk if d.get("vsic") else None,
                "size_class": d.get("size_class") or ""}


def _version_field() -> forms.CharField:
    """The token of the record as the form was opened (``sxsh.core.concurrency``)."""
    return forms.CharField(widget=forms.HiddenInput, required=False)


class FacilityForm(forms.ModelForm):
    """The fields of a facility; the service validates and classifies it."""

    version = _version_field()

    class Meta:
        model = Facility
        fields = ["tax_code", "name", "address", "admin_unit", "industrial_zone", "vsic",
                  "employees", "revenue_bn_vnd", "capital_bn_vnd", "opened_year",
                  "closed_year", "contact_name", "contact_phone", "contact_email",
                  "published", "accounts"]
        field_classes = {"employees": LocalizedIntegerField,
                         "revenue_bn_vnd": LocalizedDecimalField,
                         "capital_bn_vnd": LocalizedDecimalField}

    def __init__(self, *args, area: set[int] | None = None, officer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if officer:
            self.fields["accounts"].queryset = linkable_accounts()
            self.fields["accounts"].help_text = _(
                "The enterprise accounts that file this facility's reports.")
        else:  # publishing and linking accounts are the programme officers' decision
            del self.fields["published"], self.fields["accounts"]
        units = AdminUnit.objects.local().exclude(level="province")
        if area is not None:
            units = units.filter(pk__in=area)
        self.fields["admin_unit"].queryset = units
        for field in ("opened_year", "closed_year"):
            self.fields[field].widget.attrs["max"] = current_year()

    def validate_unique(self) -> None:
        """Uniqueness is the service's word (with its own message)."""


def _bool_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO_UNKNOWN, required=False, empty_value=None,
        coerce=lambda v: {"true": True, "false": False}.get(v),
    )


def _quantity(label) -> forms.DecimalField:
    return LocalizedDecimalField(label=label, required=False, max_digits=18, decimal_places=3)


class ReportForm(forms.Form):
    version = _version_field()
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False,
                                       min_value=years.FIRST_YEAR, max_value=years.LAST_YEAR)
    aware = _bool_field(_("Aware of CP benefits"))
    cp_staff = _bool_field(_("Dedicated CP staff"))
    cp_applied = _bool_field(_("Applies cleaner production"))
    cp_measures = forms.CharField(label=_("CP measures"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    product_unit = forms.CharField(label=_("Product unit"), required=False, max_length=50)
    production = _quantity(_("Production"))
    electricity_kwh = _quantity(_("Electricity (kWh)"))
    coal_t = _quantity(_("Coal (t)"))
    coal_grade = forms.ChoiceField(label=_("Coal grade"), required=False,
                                   choices=[("", "–"), *Report.CoalGrade.choices])
    do_t = _quantity(_("Diesel oil DO (t)"))
    fo_t = _quantity(_("Fuel oil FO (t)"))
    lpg_t = _quantity(_("LPG (t)"))
    natural_gas_1000m3 = _quantity(_("Natural gas (1000 m³)"))
    biomass_t = _quantity(_("Biomass (t)"))
    raw_material_t = _quantity(_("Raw materials (t)"))
    aux_material_t = _quantity(_("Auxiliary materials (t)"))
    water_m3 = _quantity(_("Water (m³)"))
    quality_comment = forms.CharField(
        label=_("Comment on data-quality warnings"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to submit a report with warnings: explain the figures."),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment or reason"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to return a report: say what the facility should correct."))


class ReviewFilterForm(forms.Form):
    """The filters of the review queue: status, year, district and warnings."""

    WARNINGS = [("", _("With or without warnings")), ("yes", _("With warnings")),
                ("no", _("Without warnings"))]

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        (SENT, _("Every report sent")),
        *((value, label) for value, label in Report.Status.choices
          if value != Report.Status.DRAFT)])
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int,
                                  empty_value=None)
    admin_unit = forms.ModelChoiceField(
        label=_("District"), required=False, empty_label=_("All districts"),
        queryset=AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT).order_by("name"))
    warnings = forms.ChoiceField(label=_("Data-quality warnings"), required=False,
                                 choices=WARNINGS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")),
                                       *((y, y) for y in years.picker_years())]

    def filters(self) -> dict:
        d = self.cleaned_data if self.is_valid() else {}
        return {"status": d.get("status") or Report.Status.SUBMITTED,
                "year": d.get("year"), "admin_unit": d.get("admin_unit"),
                "warnings": {"yes": True, "no": False}.get(d.get("warnings") or "")}


class RemindersForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years.picker_years()]


class UploadForm(forms.Form):
    KINDS = [("reports", _("Yearly reports")), ("facilities", _("Facilities"))]

    kind = forms.ChoiceField(label=_("Content"), choices=KINDS)
    file = LimitedFileField(label=_("File (.csv or .xlsx)"))

    def __init__(self, *args, user: User | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and not can(user, "facilities.register"):
            # An enterprise files its reports; only those who register facilities load them.
            self.fields["kind"].choices = self.KINDS[:1]
