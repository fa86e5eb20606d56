"""Forms of the activities pages: the filters, an activity, a file to upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sxsh.core import years
from sxsh.core.concurrency import version_field
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

    version = version_field()

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


class OutputForm(forms.Form):
    """An output: a title and a file or a link; the rules are the service's (``output_add``)."""

    title = forms.CharField(label=_("title"), max_length=300)
    file = forms.FileField(label=_("File (PDF, JPEG, PNG, DOCX or XLSX, at most 10 MB)"),
                           required=False)
    url = forms.CharField(label=_("or a link (http:// or https://)"), max_length=500,
                          required=False)


class SurveyForm(forms.ModelForm):
    class Meta:
        from .models import Survey

        model = Survey
        fields = ["code", "title", "year", "repeat_name", "repeat_label"]


class QuestionForm(forms.ModelForm):
    class Meta:
        from .models import Question

        model = Question
        fields = ["name", "label", "type", "choices", "required", "relevance", "in_repeat",
                  "register_field"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self) -> None:
        # The question's rules run in the service (``question_add``).
        pass


class AnswersForm(forms.Form):
    """A facility (by tax code) and one text field per question outside the repeat group;
    each answer is checked by the service with the rules of its question."""

    tax_code = forms.CharField(label=_("tax code"), max_length=14)

    def __init__(self, *args, questions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for q in questions:
            if not q.in_repeat:
                help_text = ", ".join(f"{v} = {label}" for v, label in q.choice_pairs())
                self.fields[q.name] = forms.CharField(label=q.label, required=False,
                                                      help_text=help_text)


class FocalPointForm(forms.ModelForm):
    version = version_field()

    class Meta:
        from .models import FocalPoint

        model = FocalPoint
        fields = ["admin_unit", "person_name", "position", "phone", "email", "user"]

    def __init__(self, *args, **kwargs) -> None:
        from sxsh.core.models import AdminUnit, User
        from sxsh.core.scoping import Role

        super().__init__(*args, **kwargs)
        self.fields["admin_unit"].queryset = AdminUnit.objects.local().exclude(
            level=AdminUnit.Level.PROVINCE)
        self.fields["user"].queryset = User.objects.filter(role=Role.LOCAL)


class LocalReportForm(forms.ModelForm):
    version = version_field()

    class Meta:
        from .models import LocalReport

        model = LocalReport
        fields = ["facilities_reached", "activities_held", "difficulties", "proposals"]
        widgets = {"difficulties": forms.Textarea(attrs={"rows": 4}),
                   "proposals": forms.Textarea(attrs={"rows": 4})}


class AwardForm(forms.ModelForm):
    """The fields of an award; the rules are the service's (``award_rule_errors``)."""

    version = version_field()

    class Meta:
        from .models import Award

        model = Award
        fields = ["nominee_kind", "facility", "person_name", "organisation", "admin_unit",
                  "achievement", "level", "decision_number", "decision_date", "year"]
        widgets = {"decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "achievement": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self) -> None:
        # The award's rules run in the service (``award_save``).
        pass
