"""Pages of the indicators context: dashboard, drill-down lists and exports, public page."""

from __future__ import annotations

import dataclasses

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sxsh.core.capabilities import can, capability_required
from sxsh.core.exporting import FORMATS
from sxsh.core.models import AdminUnit
from sxsh.core.scoping import area_name
from sxsh.facilities.models import Facility

from . import caching, exports, selectors
from .cards import I5_FILTERS_TEXT, build_cards, hidden_text, min_facilities, suppression_text
from .engine import DEFINITIONS, Board, Scope, board
from .engine.definitions import COUNTING_TEXT, SCOPE_TEXT, STATUS_TEXT
from .forms import IndicatorFilterForm, filter_form

PAGE_SIZE = 50


def _context(result: Board | None, *, public: bool = False) -> dict:
    return {
        "board": result, "counting_text": COUNTING_TEXT, "status_text": STATUS_TEXT,
        "scope_text": SCOPE_TEXT,
        "year_text": selectors.default_year_text(),
        "suppression_text": suppression_text() if public else "",
        "hidden_text": hidden_text(), "i5_filters_text": I5_FILTERS_TEXT, "public": public,
    }


def _notes(context: dict) -> list[str]:
    """The rules printed under the dashboard's file (the same as the page's)."""
    notes = [str(context["counting_text"]), str(context["status_text"]), context["year_text"]]
    return notes + ([context["suppression_text"]] if context["public"] else [
        str(context["scope_text"])])


def _scoped_form(request, version: int):
    """The filter form and the scope of the user's facilities it asks for (None if bad)."""
    base = Facility.objects.for_user(request.user)
    form = filter_form(request, default_year=lambda: selectors.cached_default_year(version, base),
                       units=selectors.units_for(request.user), whole=area_name(request.user))
    return form, _scope(form, base, agency_id=getattr(request.user, "agency_id", None))


def _scope(form: IndicatorFilterForm, base, *, agency_id: int | None = None):
    """``agency_id``: the reader's department, whose province's plans give the targets."""
    if not form.is_valid():
        return None
    try:
        return form.scope(base=base, agency_id=agency_id)
    except ValidationError:
        return None


def _cards_html(version: int, result: Board, *, public: bool, query: str) -> str:
    """The board's cards as HTML, rendered once per version of the inputs, scope, year,
    filters (their links carry them) and language: a repeat of a page renders none of them.
    """
    def render_cards() -> str:
        return render_to_string("indicators/_cards.html", {
            "cards": build_cards(result, public=public), "public": public, "query": query,
            "hidden_text": hidden_text(), "i5_filters_text": I5_FILTERS_TEXT})

    scope = result.scope
    return caching.cached_html(version, ("cards", caching.query_key(scope.facilities()),
                                         scope.provisional, result.year, public, query),
                               render_cards)


def _filters_html(version: int, form: IndicatorFilterForm) -> str:
    """The filter form (validated) as HTML, rendered once per version of the inputs (its
    divisions are inputs), units offered, fields, filters asked for and language."""
    data = sorted((key, form.data.getlist(key)) for key in form.data)
    units = [(code, str(label)) for code, label in form.fields["admin_unit"].choices]
    return caching.cached_html(
        version, ("filters", units, list(form.fields), data),
        lambda: render_to_string("indicators/_filters.html", {"form": form}))


def _board_page(request, form: IndicatorFilterForm, result: Board | None, *, public: bool,
                template: str, extra: dict, version: int):
    """The dashboard or the public page, or with ``?format=xlsx`` its whole file."""
    context = _context(result, public=public)
    if result is not None and request.GET.get("format") == "xlsx":
        context["cards"] = build_cards(result, public=public)
        title = (_("Cleaner production in industry: open indicators") if public
                 else _("Indicators of the plan"))
        prefix = "chi-so-cong-khai" if public else "chi-so"
        return exports.board_response(
            result, context["cards"], filename=f"{prefix}-{result.year}", title=title,
            filters=form.summary(), notes=_notes(context), min_count=min_facilities(),
            public=public)
    context.update(form=form, filters_html=_filters_html(version, form),
                   query=form.query() if result is not None else "",
                   summary=form.summary() if result is not None else [],
                   area=form.area_name() if result is not None else "", **extra)
    if result is not None:
        context["cards_html"] = _cards_html(version, result, public=public,
                                            query=context["query"])
    return render(request, template, context)


@capability_required("indicators.dashboard")
@require_safe
def dashboard(request):
    version = caching.inputs_version()
    form, scope = _scoped_form(request, version)
    result = (selectors.cached_board(version, scope, form.cleaned_data["year"])
              if scope is not None else None)
    return _board_page(request, form, result, public=False,
                       template="indicators/dashboard.html", extra={}, version=version)


@capability_required("indicators.dashboard")
@require_safe
def facility_list(request, code: str, part: str):
    if not selectors.is_listed(code, part):
        raise Http404
    version = caching.inputs_version()
    form, scope = _scoped_form(request, version)
    if scope is None:
        return render(request, "indicators/facility_list.html",
                      {"form": form, "definition": DEFINITIONS[code], "part": part}, status=400)
    year = form.cleaned_data["year"]
    drill = selectors.drilldown(scope, code, part, year, version)
    filename = f"{code}-{part}-{year}"
    fmt = request.GET.get("format", "")
    part_label = selectors.PARTS[part]
    if fmt in FORMATS:
        return exports.drilldown_response(drill, fmt, filename=filename, title=f"{code} {year}",
                                          filters=[
                                              (_("List"), f"{DEFINITIONS[code]} · {part_label}"),
                                              *form.summary()])
    page = Paginator(drill.queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "indicators/facility_list.html", {
        "form": form, "query": form.query(), "definition": DEFINITIONS[code], "part": part,
        "part_label": part_label, "year": year, "drill": drill, "page": page,
        "rows": [(drill.facility(obj), list(zip(drill.kinds, drill.row(obj), strict=True)))
                 for obj in page.object_list],
        "headers": list(zip(drill.kinds, (label for _key, label in drill.columns), strict=True)),
        "summary": form.summary(),
        "can_open": can(request.user, "facilities.view"),
        "other_part": "numerator" if part == "denominator" else "denominator",
    })


@require_safe
def public(request):
    """The open indicators: aggregates of accepted reports, no login.

    The aggregates are computed over every facility of the filters (they name none), and a
    figure computed from fewer than ``INDICATORS_MIN_FACILITIES`` facilities is not shown;
    the only names shown are those of facilities that agreed to be published
    (``Facility.objects.for_user(None)``).

    For an anonymous visitor the whole page is kept per address until the inputs change
    (``caching``): a repeat costs one query.
    """
    version = caching.inputs_version()
    whole_page = (not request.user.is_authenticated and not len(get_messages(request))
                  and "format" not in request.GET)
    if whole_page and (content := caching.cached_page(request, version)) is not None:
        return HttpResponse(content)
    base = Facility.objects.all()
    units = AdminUnit.objects.for_user(None).local().exclude(
        level=AdminUnit.Level.PROVINCE).order_by("level", "name")
    form = filter_form(request, default_year=lambda: selectors.cached_default_year(version, base),
                       units=units, public=True)
    scope = _scope(form, base)
    result = (selectors.cached_board(version, scope, form.cleaned_data["year"])
              if scope is not None else None)
    published = []
    if result is not None:
        named = dataclasses.replace(scope, base=Facility.objects.for_user(None))
        published = selectors.cached_published_applying(version, named, result.year, 100)
    response = _board_page(request, form, result, public=True,
                           template="indicators/public.html", extra={"published": published},
                          version=version)
    if whole_page and response.status_code == 200:
        caching.keep_page(request, version, response.content)
    return response


def _province_columns() -> list:
    from sxsh.core.exporting import Column

    return [Column(_("GSO code")), Column(_("Province")), Column(_("Plan")),
            *[Column(code, "0.0%") for code in DEFINITIONS]]


@require_safe
@capability_required("indicators.provinces")
def provinces(request):
    """The ministry's table: each indicator by province side by side, a chart of I3, and
    the table as CSV or XLSX."""
    from sxsh.core import years
    from sxsh.core.exporting import export_response

    year = years.parse_year(request.GET.get("year")) or years.current_year() - 1
    rows = selectors.province_rows(request.user, year)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        table = ([r.province.gso_code, r.province.name,
                  str(r.board.plan) if r.board and r.board.plan else "",
                  *[(r.board.results[c].value if r.board else None) for c in DEFINITIONS]]
                 for r in rows)
        return export_response(fmt, _province_columns(), table,
                               filename=f"chi-so-theo-tinh-{year}.{fmt}",
                               title=_("Indicators by province, %(year)s") % {"year": year})
    chart = [(r.province.name, r.board.results["I3"].value) for r in rows
             if r.board and r.board.results["I3"].value is not None]
    return render(request, "indicators/provinces.html", {
        "year": year, "rows": rows, "codes": list(DEFINITIONS), "chart": [
            (name, value, round(value * 300)) for name, value in chart]})


@require_safe
@capability_required("indicators.provinces")
def province(request, code: str):
    """One province's aggregates of a year, each indicator with its target (drill-down
    from the ministry's table)."""
    from sxsh.core import years

    unit = AdminUnit.objects.provinces().filter(code=code).first()
    if unit is None:
        raise Http404
    year = years.parse_year(request.GET.get("year")) or years.current_year() - 1
    scope = Scope(base=Facility.objects.for_user(request.user), admin_unit=unit,
                  unit_ids=unit.area_ids())
    return render(request, "indicators/province.html", {
        "province": unit, "year": year, "board": board(scope, year, series=False)})
