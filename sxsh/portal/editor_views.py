"""The officers' editor: every piece of content in one list, a form with a preview, and
the workflow buttons (send for review, return, publish or schedule, unpublish)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sxsh.core import audit, concurrency
from sxsh.core.capabilities import can, capability_required

from . import services
from .forms import ArticleForm, CaseStudyForm, DocumentForm, StepForm
from .models import CONTENT_MODELS, Status
from .text import render_markdown

FORMS = {"article": ArticleForm, "document": DocumentForm, "case-study": CaseStudyForm}
#: The text a preview renders, per kind.
PREVIEWED = {"article": "body", "document": "summary", "case-study": "what_changed"}
STEPS = {
    "submit": services.content_submit,
    "return": services.content_return,
    "publish": services.content_publish,
    "unpublish": services.content_unpublish,
}


def _model(kind: str):
    try:
        return CONTENT_MODELS[kind]
    except KeyError:
        raise Http404 from None


@capability_required("portal.edit")
@require_safe
def content_list(request):
    """Every piece the officer may edit, of each kind, the latest changed first."""
    kind = request.GET.get("kind", "article")
    model = _model(kind)
    rows = model.objects.for_user(request.user).order_by("-updated_at", "-pk")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "portal/edit/list.html", {
        "page": page, "kind": kind, "kinds": [(k, m._meta.verbose_name_plural)
                                              for k, m in CONTENT_MODELS.items()]})


@capability_required("portal.edit")
@require_http_methods(["GET", "HEAD", "POST"])
def content_edit(request, kind: str, pk: int | None = None):
    """Create or edit a piece; the "preview" button shows the text as the public will read
    it, without saving."""
    model = _model(kind)
    obj = model.objects.get_for_user_or_404(request.user, pk=pk) if pk else model()
    form = FORMS[kind](request.POST or None, request.FILES or None, instance=obj,
                       user=request.user)
    edited = services.EDITED_FIELDS[kind]
    concurrency.opened(form, obj if obj.pk else None, edited)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data.get(PREVIEWED[kind], ""))
        else:
            try:
                saved = services.content_save(obj=form.save(commit=False), user=request.user,
                                              m2m=form.m2m(),
                                              expected_version=concurrency.expected(form))
            except ValidationError as exc:
                form.add_error(None, exc)
                concurrency.reopen(form, obj if obj.pk else None, edited)
            else:
                messages.success(request, _("Saved."))
                return redirect("portal:edit", kind=kind, pk=saved.pk)
    return render(request, "portal/edit/form.html", {
        "form": form, "obj": obj, "kind": kind, "preview": preview,
        "step_form": StepForm(), "history": audit.history(obj) if obj.pk else [],
        "may_publish": can(request.user, "portal.publish"), "Status": Status,
        "verbose_name": model._meta.verbose_name})


@capability_required("portal.edit")
@require_POST
def content_step(request, kind: str, pk: int, step: str):
    model = _model(kind)
    if step not in STEPS:
        raise Http404
    obj = model.objects.get_for_user_or_404(request.user, pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the publication time."))
        return redirect("portal:edit", kind=kind, pk=pk)
    extra = {"published_at": form.cleaned_data["published_at"]} if step == "publish" else {}
    try:
        STEPS[step](obj=obj, user=request.user, comment=form.cleaned_data["comment"], **extra)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("portal:edit", kind=kind, pk=pk)
