"""Forms of the activities pages: the filters, an activity, a file to upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sxsh.core import years
from sxsh.plans.models import BudgetLine, Task

from .models import Activity


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False,
                             choices=[("", "—"), *Activity.Kind.choices])
    year = forms.TypedChoiceField(label=_("year"), required=False, coerce=int, empty_value=None,
                                  choices=[])
    text = forms.CharField(label=_("search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "—"), *((y, y) for y in years.picker_years())]

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v}


class ActivityForm(forms.ModelForm):
    """The fields of an activity; the rules are the service's (``activity_rule_errors``)."""

    class Meta:
        model = Activity
        fields = ["code", "kind", "task", "budget_line", "date", "title", "place", "organiser",
                  "cost_central_mvnd", "cost_local_mvnd", "cost_enterprise_mvnd"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = Task.objects.select_related("plan").order_by(
            "plan", "order", "code")
        self.fields["task"].label_from_instance = lambda t: f"{t.plan.number} · {t}"
        self.fields["budget_line"].queryset = BudgetLine.objects.select_related(
            "plan").order_by("plan", "order", "code")
        self.fields["budget_line"].label_from_instance = lambda b: f"{b.plan.number} · {b}"

    def _post_clean(self) -> None:
        # The model's own validation runs in the service, with the rules, on save.
        pass


class FileForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
