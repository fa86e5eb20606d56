"""The pages where users make and revoke their personal API tokens (``/account/tokens/``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from sxsh.core.forms import add_service_errors

from .models import DEFAULT_LIFETIME, MAX_LIFETIME, Token
from .tokens import token_create, token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100,
                           help_text=gettext_lazy("The system that will use it, e.g. "
                                                  "“energy management software”."))
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("At most one year from today; 90 days if left empty."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        attrs = self.fields["expires_on"].widget.attrs
        attrs["min"] = (today + dt.timedelta(days=1)).isoformat()
        attrs["max"] = (today + MAX_LIFETIME).isoformat()
        self.fields["expires_on"].initial = today + DEFAULT_LIFETIME

    def expires_at(self) -> dt.datetime | None:
        """The end of the chosen day, in the site's time zone (None: the default)."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        end = dt.datetime.combine(day, dt.time(23, 59, 59))
        return timezone.make_aware(end)


@login_required
@require_safe
def token_list(request) -> HttpResponse:
    tokens = Token.objects.for_user(request.user).filter(user=request.user)
    return render(request, "api/token_list.html", {"tokens": tokens})


@login_required
@never_cache  # the answer to the POST holds the secret: no cache keeps it
@require_http_methods(["GET", "HEAD", "POST"])
def token_new(request) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = token_create(user=request.user, name=form.cleaned_data["name"],
                                      expires_at=form.expires_at())
        except ValidationError as exc:
            exc = ValidationError({("expires_on" if f == "expires_at" else f): m
                                   for f, m in exc.message_dict.items()})
            add_service_errors(form, exc)
        else:
            # Shown here once; the list never shows it again.
            return render(request, "api/token_created.html", {"token": token, "key": key})
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_revoke_page(request, pk: int) -> HttpResponse:
    token = Token.objects.filter(user=request.user).get_for_user_or_404(request.user, pk=pk)
    if request.method == "POST":
        token_revoke(token=token, user=request.user)
        messages.success(request, _("The token “%(name)s” is revoked: it opens nothing any "
                                    "more.") % {"name": token.name})
        return redirect("tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
