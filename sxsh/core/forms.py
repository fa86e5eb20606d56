from typing import Any, cast

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .audit import ACTION_TYPES, audited_content_types
from .models import User


class AuditFilterForm(forms.Form):
    ACTIONS = [
        ("", _("All actions")), ("0", _("Created")), ("1", _("Changed")), ("2", _("Deleted")),
        ("steps", _("Steps (submitted, accepted, approved…)")),
    ]

    content_type: "forms.ModelChoiceField[ContentType]" = forms.ModelChoiceField(
        label=_("Record type"), queryset=None, required=False, empty_label=_("All types")
    )
    actor = forms.ModelChoiceField(
        label=_("User"), queryset=User.objects.order_by("username"), required=False,
        empty_label=_("All users"),
    )
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, required=False)
    object_pk = forms.CharField(label=_("Record ID"), required=False, max_length=64)
    text = forms.CharField(label=_("Record contains"), required=False, max_length=100)
    date_from = forms.DateField(label=_("From date"), required=False)
    date_to = forms.DateField(label=_("To date"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        content_type = cast(forms.ModelChoiceField, self.fields["content_type"])
        content_type.queryset = audited_content_types()
        action = cast(forms.ChoiceField, self.fields["action"])
        steps: list[tuple[str, str]] = sorted(
            ((code, str(t.label)) for code, t in ACTION_TYPES.items()), key=lambda c: c[1])
        action.choices = [*self.ACTIONS, *steps]
        # A label per instance, as the widget reads it; mypy forbids assigning to a method.
        content_type.label_from_instance = lambda ct: capfirst(  # type: ignore[method-assign,assignment]
            str(ct.model_class()._meta.verbose_name if ct.model_class() else ct))

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "content_type_id": data["content_type"].pk if data.get("content_type") else None,
            "actor_id": data["actor"].pk if data.get("actor") else None,
            "action": data.get("action") or "",
            "object_pk": data.get("object_pk", ""),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "text": data.get("text", ""),
        }


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the current password checked through ``authenticate``: a wrong
    one is a failed login of the user for django-axes, so guessing it is throttled and
    locks the account as failed logins do."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        found = authenticate(self.request, username=self.user.get_username(),
                             password=old_password)
        if found is None or found.pk != self.user.pk:
            raise forms.ValidationError(self.error_messages["password_incorrect"],
                                        code="password_incorrect")
        return old_password


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError on the form that called it: by field where the form
    has that field, else at the top of the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
