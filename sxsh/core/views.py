from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import audit
from .capabilities import capability_required
from .forms import AuditFilterForm, PasswordChangeForm

AUDIT_PAGE_SIZE = 50


@require_safe
def home(request):
    return render(request, "core/home.html", {"home_sections": home_sections(request)})


def home_sections(request) -> list:
    """Blocks that installed contexts add to the home page (``home_blocks`` in their apps)."""
    from django.apps import apps

    blocks = []
    for config in apps.get_app_configs():
        provider = getattr(config, "home_block", None)
        if provider is not None:
            block = provider(request)
            if block:
                blocks.append(block)
    return blocks


@capability_required("core.view_audit")
@require_safe
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    if not form.is_bound:
        entries = audit.trail()
    else:
        entries = audit.trail(**form.filters()) if form.is_valid() else audit.Trail.none()
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"form": form, "page": page})


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.log_action(self.request.user, "core.user.password_changed", user=self.request.user)
        return response
