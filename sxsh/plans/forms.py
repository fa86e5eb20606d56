"""Forms of the plans context: they parse and check input; the services do the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from sxsh.core.fields import LocalizedDecimalField

from . import models as m

MONEY = {"max_digits": 14, "decimal_places": 3, "min_value": 0}


class _PlanChoices(forms.Form):
    def __init__(self, *args, plan: m.Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if "line" in self.fields:
            self.fields["line"].queryset = plan.budget_lines.all()
        if "source" in self.fields:
            self.fields["source"].queryset = plan.funding_sources.all()
        if "year" in self.fields:
            self.fields["year"].choices = [(y, y) for y in plan.years]


class EstimateForm(_PlanChoices):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=m.BudgetLine.objects.none())
    source = forms.ModelChoiceField(label=_("Funding source"),
                                    queryset=m.FundingSource.objects.none())
    amount = LocalizedDecimalField(label=_("Amount (million VND)"), **MONEY)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines  # only the lines the agency may estimate


class ExpenditureForm(_PlanChoices):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=m.BudgetLine.objects.none())
    source = forms.ModelChoiceField(label=_("Funding source"),
                                    queryset=m.FundingSource.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=m.Expenditure.Kind.choices)
    amount = LocalizedDecimalField(label=_("Amount (million VND)"), **MONEY)
    on = forms.DateField(label=_("Date"), initial=dt.date.today)
    reference = forms.CharField(label=_("Document"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Why it is returned"), widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"))

    def __init__(self, *args, sources: list[m.FundingSource], initial_amounts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources
        for source in sources:
            self.fields[f"source_{source.code}"] = LocalizedDecimalField(
                label=source.name, initial=initial_amounts.get(source.code), required=False,
                **MONEY)

    def amounts(self) -> dict:
        return {s.code: self.cleaned_data[f"source_{s.code}"] for s in self.sources
                if self.cleaned_data.get(f"source_{s.code}") is not None}


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=m.TaskProgress.Status.choices)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    reported_on = forms.DateField(label=_("Reported on"), initial=dt.date.today)
    narrative = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label=_("Evidence"), required=False)


class AppraiseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, amounts: list[m.YearBudgetAmount], **kwargs):
        super().__init__(*args, **kwargs)
        self.amounts = amounts
        for amount in amounts:
            self.fields[f"amount_{amount.pk}"] = LocalizedDecimalField(
                label=f"{amount.line.code} · {amount.source.name}",
                initial=amount.appraised_million_vnd if amount.appraised_million_vnd is not None
                else amount.estimated_million_vnd, **MONEY)

    def appraised(self) -> dict:
        return {a.pk: self.cleaned_data[f"amount_{a.pk}"] for a in self.amounts}
