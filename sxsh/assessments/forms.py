"""Forms of the assessments pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sxsh.core import years
from sxsh.core.concurrency import version_field
from sxsh.core.fields import LocalizedDecimalField, LocalizedIntegerField
from sxsh.core.models import Agency, User
from sxsh.facilities.models import Facility
from sxsh.plans.models import BudgetLine

from .measurement import Month, Period
from .models import Assessment, Flow, Option, ProcessStep, WasteStream

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


def _money(label, required: bool = False) -> LocalizedDecimalField:
    return LocalizedDecimalField(label=label, required=required, max_digits=14,
                                 decimal_places=3)


def _quantity(label, required: bool = False) -> LocalizedDecimalField:
    return LocalizedDecimalField(label=label, required=required, max_digits=16,
                                 decimal_places=3, min_value=0)


class AssessmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Facility, tax code or reference"), required=False,
                        max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *Assessment.Kind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *Assessment.Status.choices])
    year = forms.TypedChoiceField(label=_("Year started"), required=False, coerce=int,
                                  empty_value=None)
    facility = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1,
                                  max_value=2**31 - 1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [
            (y, y) for y in years.picker_years()]

    def filters(self) -> dict:
        d = self.cleaned_data
        return {"q": d.get("q") or "", "kind": d.get("kind") or "",
                "status": d.get("status") or "", "year": d.get("year"),
                "facility_id": d.get("facility")}


class OptionsUploadForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .xlsx)"))


class AssessmentForm(forms.Form):
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Assessment.Kind.choices)
    reference = forms.CharField(label=_("Reference"), max_length=40,
                                help_text=_("The assessment's own reference, e.g. ĐGN-2018-03."))
    started_on = _date(_("Started on"))
    title = forms.CharField(label=_("Title of the assessment"), max_length=300,
                            required=False)
    consultant_agency = forms.ModelChoiceField(label=_("Consulting agency"),
                                               queryset=Agency.objects.all(), required=False)
    budget_line = forms.ModelChoiceField(label=_("Budget line"), required=False,
                                         queryset=BudgetLine.objects.none())

    def __init__(self, *args, user: User, officer: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = Facility.objects.for_user(user).only(
            "pk", "name", "tax_code")
        self.fields["budget_line"].queryset = BudgetLine.objects.for_user(user).filter(
            group__code="2").select_related("plan")
        self.fields["budget_line"].label_from_instance = lambda b: f"{b.code} – {b.content}"
        if not officer:  # a consultant works for its own agency
            del self.fields["consultant_agency"]


class AssessmentEditForm(forms.Form):
    title = forms.CharField(label=_("Title of the assessment"), max_length=300,
                            required=False)
    summary = forms.CharField(label=_("Conclusions"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ResultsForm(forms.Form):
    summary = forms.CharField(label=_("Results of the pilot model"), required=False,
                              max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    version = version_field()


class CloseForm(forms.Form):
    finished_on = _date(_("Finished on"))
    summary = forms.CharField(label=_("Conclusions"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    team_role = forms.CharField(label=_("Role in the team"), max_length=200, required=False)


class StepForm(forms.Form):
    order = LocalizedIntegerField(label=_("Order"), required=False, min_value=0,
                                  max_value=32767)
    name = forms.CharField(label=_("Step"), max_length=200)
    is_focus = forms.BooleanField(label=_("Focus step"), required=False)


class FlowForm(forms.Form):
    step = forms.ModelChoiceField(label=_("Process step"), queryset=ProcessStep.objects.none())
    direction = forms.ChoiceField(label=_("Direction"), choices=Flow.Direction.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Flow.Kind.choices)
    name = forms.CharField(label=_("What"), max_length=200)
    quantity_per_year = _quantity(_("Quantity per year"), required=True)
    unit = forms.CharField(label=_("Unit"), max_length=30)

    def __init__(self, *args, assessment: Assessment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = assessment.steps.all()


class WasteStreamForm(forms.Form):
    name = forms.CharField(label=_("Waste stream"), max_length=200)
    step = forms.ModelChoiceField(label=_("Process step"), required=False,
                                  queryset=ProcessStep.objects.none())
    quantity_per_year = _quantity(_("Quantity per year"))
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    material_cost_mvnd_yr = _money(_("Material lost (million VND a year)"))
    treatment_cost_mvnd_yr = _money(_("Treatment (million VND a year)"))
    causes = forms.CharField(label=_("Causes"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, assessment: Assessment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = assessment.steps.all()


class OptionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    category = forms.ChoiceField(label=_("Category"), choices=Option.Category.choices)
    description = forms.CharField(label=_("Description"),
                                  widget=forms.Textarea(attrs={"rows": 2}))
    waste_stream = forms.ModelChoiceField(label=_("Waste stream"), required=False,
                                          queryset=WasteStream.objects.none())
    investment_mvnd = _money(_("Investment (million VND)"))
    annual_saving_mvnd = _money(_("Yearly saving (million VND)"))
    life_years = LocalizedIntegerField(label=_("Lifetime (years)"), required=False)
    discount_rate = forms.DecimalField(label=_("Discount rate"), required=False,
                                       max_digits=6, decimal_places=4, localize=True,
                                       help_text=_("A fraction: 0,10 for 10 %."))
    electricity_kwh_saved_yr = _quantity(_("Electricity saved (kWh a year)"))
    fuel_toe_saved_yr = _quantity(_("Fuel saved (TOE a year)"))
    water_m3_saved_yr = _quantity(_("Water saved (m³ a year)"))

    def __init__(self, *args, assessment: Assessment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["waste_stream"].queryset = assessment.waste_streams.all()


class OptionEditForm(OptionForm):
    """An option of the assessment opened for a change, with its token (``concurrency``)."""

    version = version_field()


class ScreenForm(forms.Form):
    status = forms.ChoiceField(choices=[(s, s) for s in (
        Option.Status.IMPLEMENT_NOW, Option.Status.STUDY, Option.Status.REJECTED)])
    comment = forms.CharField(required=False, max_length=1000)


class ImplementForm(forms.Form):
    implemented_on = _date(_("Implemented on"))


class VerifyForm(forms.Form):
    """The measured saving: totals of a period before and after (specific consumption),
    or monthly points (a regression baseline when it passes its checks)."""

    QUANTITIES = [("electricity_kwh", _("Electricity (kWh)")), ("water_m3", _("Water (m³)"))]

    measured_on = _date(_("Measured on"))
    quantity = forms.ChoiceField(label=_("Quantity measured"), choices=QUANTITIES)
    before_production = _quantity(_("Production before"))
    before_use = _quantity(_("Consumption before"))
    before_months = forms.IntegerField(label=_("Months before"), required=False, min_value=1,
                                       max_value=120, initial=12)
    after_production = _quantity(_("Production after"))
    after_use = _quantity(_("Consumption after"))
    after_months = forms.IntegerField(label=_("Months after"), required=False, min_value=1,
                                      max_value=120, initial=12)
    estimated = forms.BooleanField(label=_("The figures are estimates, not metered"),
                                   required=False)
    baseline_points = forms.CharField(
        label=_("Monthly points of the baseline"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One month a line: production; consumption (e.g. 120; 45.000)."))
    reporting_points = forms.CharField(
        label=_("Monthly points after the option"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def _points(self, name: str) -> list[Month]:
        months = []
        field = _quantity("")
        for n, line in enumerate(self.cleaned_data.get(name, "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split(";")
            try:
                if len(parts) != 2:
                    raise forms.ValidationError("")
                production, use = (field.clean(p.strip()) for p in parts)
            except forms.ValidationError:
                self.add_error(name, _("Line %(n)s: write production; consumption.")
                               % {"n": n})
                return []
            months.append(Month(production, use))
        return months

    def clean(self):
        data = super().clean()
        data["baseline_months"] = self._points("baseline_points")
        data["reporting_months"] = self._points("reporting_points")
        totals = [data.get(f) for f in ("before_production", "before_use",
                                        "after_production", "after_use")]
        data["before"] = data["after"] = None
        if all(v is not None for v in totals):
            data["before"] = Period(totals[0], totals[1], data.get("before_months") or 12)
            data["after"] = Period(totals[2], totals[3], data.get("after_months") or 12)
        return data


class AssignmentForm(forms.Form):
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.none())
    agency = forms.ModelChoiceField(label=_("Consulting agency"), queryset=Agency.objects.all())
    since = _date(_("Since"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = Facility.objects.for_user(user).only(
            "pk", "name", "tax_code")


class FundingForm(forms.Form):
    """A pilot model's funding: one amount (million VND) per source of the plan."""

    version = version_field()

    def __init__(self, *args, sources, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for source in sources:
            self.fields[f"source_{source.pk}"] = _money(source.name)

    def amounts(self) -> dict:
        return {int(name.removeprefix("source_")): value
                for name, value in self.cleaned_data.items() if name.startswith("source_")}
