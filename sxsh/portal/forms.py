from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sxsh.assessments.library import IMPLEMENTED
from sxsh.assessments.models import Option
from sxsh.core import concurrency, years
from sxsh.core.models import VsicDivision
from sxsh.facilities.models import Facility

from . import files
from .models import Article, CaseStudy, Category, Document, Tag
from .services import EDITED_FIELDS

IN_FORCE_CHOICES = [("", _("All")), ("yes", _("In force")), ("no", _("No longer in force"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)


class ArticleFilterForm(forms.Form):
    category = forms.ModelChoiceField(label=pgettext_lazy("portal", "Category"), required=False,
                                      queryset=Category.objects.public(), to_field_name="slug")
    tag = forms.ModelChoiceField(label=_("Tag"), required=False,
                                 queryset=Tag.objects.public(), to_field_name="slug")


class DocumentFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All")), *Document.Kind.choices])
    vsic = forms.ModelChoiceField(label=_("Sector (VSIC division)"), required=False,
                                  queryset=VsicDivision.objects.public(), to_field_name="code")
    in_force = forms.ChoiceField(label=_("In force"), required=False, choices=IN_FORCE_CHOICES)

    def filters(self) -> dict:
        data = self.cleaned_data
        force = {"yes": True, "no": False}.get(data.get("in_force") or "")
        return {"kind": data.get("kind") or "",
                "vsic": data["vsic"].code if data.get("vsic") else "", "in_force": force}


class SolutionFilterForm(forms.Form):
    vsic = forms.ModelChoiceField(label=_("Sector (VSIC division)"), required=False,
                                  queryset=VsicDivision.objects.public(), to_field_name="code")
    category = forms.ChoiceField(label=_("Option category"), required=False,
                                 choices=[("", _("All")), *Option.Category.choices])


def publication_time(value):
    """A publication time in a year that can be one (a typing slip like 0001 is refused,
    not stored as a time no database round trip survives)."""
    if value is not None:
        years.check_year(value.year, future=True)
    return value


def check_picture(form: forms.Form, name: str) -> None:
    """A newly uploaded picture in ``form``'s field ``name`` is checked by its bytes
    (``files.image_format``) and stored under the name of what they are, so that it is
    served as that type; a refusal is an error on the field."""
    upload = form.cleaned_data.get(name)
    if upload and hasattr(upload, "content_type"):  # a new upload, not the kept file
        try:
            kind = files.image_format(upload)
        except forms.ValidationError as exc:
            form.add_error(name, exc)
        else:
            upload.name = f"{name}.{files.IMAGE_EXTENSIONS[kind]}"


class _ContentForm(forms.ModelForm):
    """What every editor form shares: the uploaded pictures are checked by their bytes,
    the publication time is a real one, and the version token travels with the form."""

    image_fields: tuple[str, ...] = ()
    version = concurrency.version_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        for name in self.image_fields:
            check_picture(self, name)
        return data

    def clean_published_at(self):
        return publication_time(self.cleaned_data.get("published_at"))

    def m2m(self) -> dict:
        """The many-to-many choices, saved by the service with the row."""
        return {name: self.cleaned_data[name] for name in self.Meta.m2m_fields}


class ArticleForm(_ContentForm):
    image_fields = ("image",)

    class Meta:
        model = Article
        fields = EDITED_FIELDS["article"]
        m2m_fields = ["tags"]
        widgets = {"published_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                       format="%Y-%m-%dT%H:%M")}


class DocumentForm(_ContentForm):
    class Meta:
        model = Document
        fields = EDITED_FIELDS["document"]
        m2m_fields = ["vsic_divisions"]
        widgets = {"published_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                       format="%Y-%m-%dT%H:%M"),
                   "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            upload.name = f"document.{files.document_type(upload)}"
        return upload


class CaseStudyForm(_ContentForm):
    image_fields = ("photo",)

    class Meta:
        model = CaseStudy
        fields = EDITED_FIELDS["case-study"]
        m2m_fields = ["options"]
        widgets = {"published_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                       format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["facility"].queryset = Facility.objects.for_user(user).order_by("name")
        self.fields["options"].queryset = (
            Option.objects.for_user(user).filter(status__in=IMPLEMENTED)
            .select_related("assessment__facility").order_by("assessment__facility__name",
                                                             "code"))


class PictureForm(forms.Form):
    """A picture added to a piece's gallery (on the editor's page beside the piece's own
    form, hence the prefix)."""

    prefix = "picture"
    # A plain file field: the picture is judged by ``files.image_format`` alone.
    image = forms.FileField(label=_("New picture"), widget=forms.FileInput(
        attrs={"accept": ",".join(files.IMAGE_FORMATS.values())}), help_text=_(
        "A JPEG, PNG or WebP picture of at most 5 MB and 40 million pixels."))
    alt = forms.CharField(label=_("Description of the new picture"), max_length=300,
                          help_text=_("What the picture shows, for readers who cannot see "
                                      "it."))
    caption = forms.CharField(label=_("Caption of the new picture"), max_length=300,
                              required=False)

    def clean(self):
        data = super().clean()
        check_picture(self, "image")
        return data


class StepForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    published_at = forms.DateTimeField(
        label=_("Publication time"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: now. A later time schedules the publication."))

    def clean_published_at(self):
        return publication_time(self.cleaned_data.get("published_at"))
