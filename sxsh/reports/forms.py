from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sxsh.core.concurrency import version_field
from sxsh.plans.models import Plan

from .assembly import signer_choices
from .models import Report


class OpenForm(forms.Form):
    """Which report to prepare: the plan, the kind, the year."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


#: The longest officer's section, in characters: some ten pages of the printed report, far
#: beyond a real section, short of a text that would stall the DOCX and PDF printers.
NARRATIVE_MAX_CHARS = 20_000


def _section(label) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=NARRATIVE_MAX_CHARS,
                           widget=forms.Textarea(attrs={"rows": 5}))


class NarrativeForm(forms.Form):
    achievements = _section(_("Achievements"))
    difficulties = _section(_("Difficulties and their causes"))
    proposals = _section(_("Proposals and recommendations"))
    next_tasks = _section(_("Tasks for the coming year"))
    signer_capacity = forms.ChoiceField(
        label=_("Signer's capacity"), choices=signer_choices, initial="director",
        required=False,
        help_text=_("As printed above the signature (Decree 30/2020): KT. when a deputy signs "
                    "for the director, Q. for an acting director, TL. by the director's "
                    "order."))
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
    #: The narrative's token as the page showed it (``services.narrative_version``).
    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not the id of the narrative form's own token on the same page.
        self.fields["version"].widget.attrs["id"] = "id_issue_version"
