"""Forms of the plans context: they parse and check input; the services do the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from sxsh.core.fields import LocalizedDecimalField
from sxsh.core.formatting import number

from . import models as m

MONEY = {"max_digits": 14, "decimal_places": 3, "min_value": 0}


def money_initial(value):
    """An amount as the form shows it before anything is typed: grouped with the decimal
    comma and without trailing zeros (20 and 1.234,5, never "20,000" for twenty)."""
    return None if value is None else number(value)


def money_input() -> forms.TextInput:
    """A text box for an amount that brings up the phone's number keyboard."""
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                   "class": "amount"})


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
    amount = LocalizedDecimalField(label=_("Amount (million VND)"), widget=money_input(), **MONEY)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines  # only the lines the agency may estimate


class ExpenditureForm(_PlanChoices):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=m.BudgetLine.objects.none())
    source = forms.ModelChoiceField(label=_("Funding source"),
                                    queryset=m.FundingSource.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=m.Expenditure.Kind.choices)
    amount = LocalizedDecimalField(label=_("Amount (million VND)"), widget=money_input(), **MONEY)
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
                label=source.name, initial=money_initial(initial_amounts.get(source.code)),
                required=False, widget=money_input(), **MONEY)

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
    """Finance's amount for each line and source of the consolidated budget, typed in the
    budget table beside the plan and the estimates; pre-filled with the estimate."""

    note = forms.CharField(label=_("Appraisal note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, amounts: list[m.YearBudgetAmount], **kwargs):
        super().__init__(*args, **kwargs)
        self.amounts = amounts
        self._keys = {(a.line_id, a.source_id): a.pk for a in amounts}
        for amount in amounts:
            value = amount.appraised_million_vnd
            self.fields[f"amount_{amount.pk}"] = LocalizedDecimalField(
                label=_("Appraised amount of %(code)s. %(content)s — %(source)s") % {
                    "code": amount.line.code, "content": amount.line.content,
                    "source": amount.source.name},
                initial=money_initial(amount.estimated_million_vnd if value is None else value),
                widget=money_input(), **MONEY)

    def field_for(self, line_id: int, source_id: int):
        """The bound field of a line and source, or None when nothing was consolidated."""
        pk = self._keys.get((line_id, source_id))
        return None if pk is None else self[f"amount_{pk}"]

    def appraised(self) -> dict:
        return {a.pk: self.cleaned_data[f"amount_{a.pk}"] for a in self.amounts}
