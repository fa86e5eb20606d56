from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import audit
from .capabilities import capability_required
from .forms import AuditFilterForm, PasswordChangeForm
from .work import work_queue

AUDIT_PAGE_SIZE = 50


@login_required
@require_safe
def home(request):
    """A signed-in user's page: what waits for them, and the contexts' blocks."""
    return render(request, "core/home.html", {
        "home_sections": home_sections(request), "work": work_queue(request.user),
        "signed_in": True,
    })


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
    # A Trail counts and slices as Paginator needs; the stubs know only querysets and lists.
    paginator: Paginator = Paginator(entries, AUDIT_PAGE_SIZE)  # type: ignore[arg-type]
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"form": form, "page": page})


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user  # the view is for signed-in users only
        audit.log_action(user, "core.user.password_changed", user=user)  # type: ignore[arg-type]
        return response
