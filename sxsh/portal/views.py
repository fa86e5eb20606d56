"""The public pages of the CP section: no login; each reads through ``for_user``, so a
visitor sees what is public and an officer also what is in preparation (marked)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sxsh.assessments.library import options_library
from sxsh.core.views import home_sections

from . import cache, selectors
from .files import DOCUMENT_TYPES, IMAGE_TYPES
from .forms import ArticleFilterForm, DocumentFilterForm, SearchForm, SolutionFilterForm
from .models import Article, CaseStudy, Document
from .services import document_downloaded

PAGE_SIZE = 20


def _page(request, template: str, context):
    """A page kept for visitors until content changes (``cache``); ``context()`` reads
    through the user's scope (a detail page's 404 included) only when it is rendered."""
    return cache.page_response(request, template, context)


def _paginate(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def home(request):
    """The site's front page, for everyone: news, key indicators, model case studies,
    guides, and the blocks other contexts add (signed-in users' work is at /work/)."""
    def context():
        return {**selectors.home(request.user),
                "indicators": selectors.key_indicators(cache.version(request)),
                "home_sections": home_sections(request),
                "title": _("Cleaner Production in Industry"),
                "description": _("News, technical guides, legal documents, model case "
                                 "studies and open indicators of the province's cleaner "
                                 "production programme.")}

    # The other contexts' blocks are kept with the page too (for anonymous visitors, up to
    # ``cache.TIMEOUT`` seconds): they show what is public.
    return _page(request, "portal/home.html", context)


@require_safe
def article_list(request):
    def context():
        form = ArticleFilterForm(request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        rows = selectors.articles(
            request.user, category=data["category"].slug if data.get("category") else "",
            tag=data["tag"].slug if data.get("tag") else "")
        return {"form": form, "page": _paginate(request, rows), "title": _("News"),
                "description": _("News of the cleaner production programme.")}

    return _page(request, "portal/article_list.html", context)


@require_safe
def article_detail(request, slug: str):
    def context():
        article = selectors.article_detail(request.user, slug)
        return {"article": article, "pictures": selectors.pictures(article),
                "title": article.title, "description": article.summary}

    return _page(request, "portal/article_detail.html", context)


@require_safe
def document_list(request):
    def context():
        form = DocumentFilterForm(request.GET or None)
        filters = form.filters() if form.is_valid() else {}
        rows = selectors.documents(request.user, **filters)
        return {"form": form, "page": _paginate(request, rows), "title": _("Library"),
                "description": _("Technical guides by sector, legal documents and "
                                 "handbooks on cleaner production, to download.")}

    return _page(request, "portal/document_list.html", context)


@require_safe
def document_detail(request, slug: str):
    def context():
        document = selectors.document_detail(request.user, slug)
        return {"document": document, "title": document.title,
                "description": document.summary}

    return _page(request, "portal/document_detail.html", context)


@require_safe
def document_download(request, slug: str):
    """The document's file, counted; named by its address, never by the uploaded name,
    and typed by what its bytes were checked to be."""
    document = selectors.document_detail(request.user, slug)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    document_downloaded(document=document)
    extension = document.extension if document.extension in DOCUMENT_TYPES else "pdf"
    response = FileResponse(handle, as_attachment=True,
                            filename=f"{document.slug}.{extension}",
                            content_type=DOCUMENT_TYPES[extension])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def case_study_list(request):
    return _page(request, "portal/case_study_list.html", lambda: {
        "page": _paginate(request, selectors.case_studies(request.user)),
        "title": _("Model case studies"),
        "description": _("Facilities that applied cleaner production: what they changed, "
                         "what it cost and what it saved.")})


@require_safe
def case_study_detail(request, slug: str):
    def context():
        study = selectors.case_study_detail(request.user, slug)
        return {"study": study, "options": list(selectors.case_study_options(study)),
                "pictures": selectors.pictures(study),
                "title": study.title, "description": study.summary}

    return _page(request, "portal/case_study_detail.html", context)


@require_safe
def solution_list(request):
    """The CP solutions database: the options library by sector and category."""
    def context():
        form = SolutionFilterForm(request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        groups = options_library(data["vsic"].code if data.get("vsic") else None,
                                 data.get("category") or None)
        return {"form": form, "groups": groups, "title": _("CP solutions"),
                "description": _("Cleaner production options that facilities implemented, "
                                 "by sector and category, with their cost and saving.")}

    return _page(request, "portal/solution_list.html", context)


@require_safe
def search(request):
    def context():
        form = SearchForm(request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        return {"form": form, "query": query,
                "page": _paginate(request, selectors.search(request.user, query)),
                "title": _("Search") + (f": {query}" if query else ""),
                "description": _("Search news, documents and case studies.")}

    return _page(request, "portal/search.html", context)


IMAGE_MODELS = {"article": (Article, "image"), "case-study": (CaseStudy, "photo"),
                "document": (Document, "")}


@require_safe
def content_image(request, kind: str, slug: str, pk: int | None = None):
    """A piece's picture — its cover, or picture ``pk`` of its gallery — read through the
    piece's scope (never a bare media address): a draft's, a scheduled piece's or an
    unconsented case study's are not found."""
    model, field = IMAGE_MODELS.get(kind, (None, ""))
    if model is None or not field:
        raise Http404
    obj = model.objects.get_for_user_or_404(request.user, slug=slug)
    if pk is None:
        picture = getattr(obj, field)
    else:
        picture = selectors.gallery_picture(request.user, obj, pk).image
    if not picture:
        raise Http404
    try:
        handle = picture.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = picture.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(handle, content_type=IMAGE_TYPES.get(extension, "image/jpeg"))
    response["X-Content-Type-Options"] = "nosniff"
    return response
