from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sxsh.core.concurrency import version_field
from sxsh.plans.models import Plan

from .models import Report


class OpenForm(forms.Form):
    """Which report to prepare: the plan, the kind, the year."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class NarrativeForm(forms.Form):
    achievements = forms.CharField(label=_("Achievements"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 5}))
    difficulties = forms.CharField(label=_("Difficulties and their causes"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 5}))
    proposals = forms.CharField(label=_("Proposals and recommendations"), required=False,
                                widget=forms.Textarea(attrs={"rows": 5}))
    next_tasks = forms.CharField(label=_("Tasks for the coming year"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 5}))
    signer = forms.CharField(label=_("Signed by"), required=False, max_length=200)
    version = version_field()


class IssueForm(forms.Form):
    document_number = forms.CharField(label=_("Document number"), max_length=20,
                                      help_text=_("The number in the register of outgoing "
                                                  "documents, e.g. 15."))
    issued_on = forms.DateField(label=_("Issued on"), initial=timezone.localdate)
    confirm = forms.BooleanField(
        label=_("I confirm: the figures are frozen as they are now and the version can no "
                "longer be changed."))
