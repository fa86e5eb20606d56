"""The officers' editor: every piece of content in one list, a form with a preview, and
the workflow buttons (send for review, return, publish or schedule, unpublish)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sxsh.core import audit, concurrency
from sxsh.core.capabilities import can, capability_required

from . import selectors, services
from .forms import ArticleForm, CaseStudyForm, DocumentForm, PictureForm, StepForm
from .models import CONTENT_MODELS, PICTURE_MODELS, Status
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
    return _editor(request, kind, obj, form, preview=preview)


def _editor(request, kind: str, obj, form, *, preview=None, picture_form=None, status=200):
    """The editor's page: the piece's form, its gallery (once it is saved), the workflow
    and the history."""
    gallery = kind in PICTURE_MODELS and obj.pk
    return render(request, "portal/edit/form.html", {
        "form": form, "obj": obj, "kind": kind, "preview": preview,
        "pictures": list(obj.pictures.all()) if gallery else None,
        "picture_form": (picture_form or PictureForm()) if gallery else None,
        "step_form": StepForm(), "history": audit.history(obj) if obj.pk else [],
        "may_publish": can(request.user, "portal.publish"), "Status": Status,
        "verbose_name": obj._meta.verbose_name}, status=status)


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


def _gallery_piece(request, kind: str, pk: int):
    if kind not in PICTURE_MODELS:
        raise Http404
    return _model(kind).objects.get_for_user_or_404(request.user, pk=pk)


@capability_required("portal.edit")
@require_POST
def picture_add(request, kind: str, pk: int):
    """Add a picture to a piece's gallery; a refused one is shown on the editor's page."""
    piece = _gallery_piece(request, kind, pk)
    form = PictureForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        services.picture_add(piece=piece, user=request.user, image=data["image"],
                             alt=data["alt"], caption=data["caption"])
        messages.success(request, _("Picture added."))
        return redirect(_at_gallery(kind, pk))
    content_form = FORMS[kind](instance=piece, user=request.user)
    concurrency.opened(content_form, piece, services.EDITED_FIELDS[kind])
    return _editor(request, kind, piece, content_form, picture_form=form, status=422)


#: The changes of one picture, by the word its address ends with.
PICTURE_CHANGES = {
    "up": lambda picture, user: services.picture_move(picture=picture, user=user, by=-1),
    "down": lambda picture, user: services.picture_move(picture=picture, user=user, by=1),
    "remove": lambda picture, user: services.picture_remove(picture=picture, user=user),
}


@capability_required("portal.edit")
@require_POST
def picture_change(request, kind: str, pk: int, picture: int, change: str):
    """Move a picture one place earlier or later in its gallery, or remove it."""
    piece = _gallery_piece(request, kind, pk)
    if change not in PICTURE_CHANGES:
        raise Http404
    try:
        row = selectors.gallery_picture(request.user, piece, picture)
        PICTURE_CHANGES[change](row, request.user)
    except Http404:
        if not selectors.picture_gone(kind, picture):
            raise  # another piece's picture, or one the user does not read
        # Removed in another tab (or window) a moment ago: said, not a bare 404 page.
        messages.warning(request, _("The picture is no longer in the gallery: it was removed "
                                    "in another window."))
        return redirect(_at_gallery(kind, pk))
    messages.success(request, _("Picture removed.") if change == "remove"
                     else _("Picture moved."))
    return redirect(_at_gallery(kind, pk))


def _at_gallery(kind: str, pk: int) -> str:
    return reverse("portal:edit", kwargs={"kind": kind, "pk": pk}) + "#h-pictures"
