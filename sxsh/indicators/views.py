"""Pages of the indicators context: dashboard, drill-down lists and exports, public page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sxsh.core.capabilities import capability_required
from sxsh.core.exporting import FORMATS
from sxsh.core.models import AdminUnit
from sxsh.core.scoping import area_name
from sxsh.facilities.models import Facility

from . import exports, selectors
from .charts import share_chart
from .engine import DEFINITIONS, Board, Scope, board
from .engine.definitions import COUNTING_TEXT, SCOPE_TEXT, STATUS_TEXT
from .engine.targets import STATUS_BADGE
from .forms import filter_form

PAGE_SIZE = 50
CHARTED = ("I1", "I2", "I3", "I4")


def _cards(result: Board) -> list[dict]:
    cards = []
    for r in result.rows():
        target = r.target.target if r.target else None
        chart = None
        if r.code in CHARTED and result.plan:
            low = float(target.value_min) if target and target.value_min is not None else None
            high = float(target.value_max) if target and target.value_max is not None else None
            chart = share_chart([(y, result.series[y][r.code].value) for y in result.years],
                                target=low, upper=high)
        cards.append({"result": r, "definition": DEFINITIONS[r.code], "target": target,
                      "badge": STATUS_BADGE.get(r.status, ""), "chart": chart,
                      "listed": r.code in selectors.LISTED,
                      "denominator_listed": selectors.is_listed(r.code, "denominator")})
    return cards


def _context(result: Board | None) -> dict:
    return {
        "board": result, "cards": _cards(result) if result else [],
        "counting_text": COUNTING_TEXT, "status_text": STATUS_TEXT, "scope_text": SCOPE_TEXT,
    }


def _scoped_form(request):
    """The filter form and the scope of the user's facilities it asks for (None if bad)."""
    form = filter_form(request, default_year=selectors.default_year(),
                       units=selectors.units_for(request.user),
                       everywhere=area_name(request.user))
    scope = None
    if form.is_valid():
        try:
            scope = form.scope(base=Facility.objects.for_user(request.user))
        except ValidationError:
            scope = None
    return form, scope


@capability_required("indicators.dashboard")
@require_safe
def dashboard(request):
    form, scope = _scoped_form(request)
    result = board(scope, form.cleaned_data["year"]) if scope is not None else None
    context = _context(result)
    context.update(form=form, query=form.query() if scope is not None else "")
    return render(request, "indicators/dashboard.html", context)


@capability_required("indicators.dashboard")
@require_safe
def facility_list(request, code: str, part: str):
    if not selectors.is_listed(code, part):
        raise Http404
    form, scope = _scoped_form(request)
    if scope is None:
        return render(request, "indicators/facility_list.html",
                      {"form": form, "definition": DEFINITIONS[code], "part": part}, status=400)
    year = form.cleaned_data["year"]
    drill = selectors.drilldown(scope, code, part, year)
    filename = f"{code}-{part}-{year}"
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return exports.drilldown_response(drill, fmt, filename=filename, title=f"{code} {year}")
    page = Paginator(drill.queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "indicators/facility_list.html", {
        "form": form, "query": form.query(), "definition": DEFINITIONS[code], "part": part,
        "part_label": selectors.PARTS[part], "year": year, "drill": drill, "page": page,
        "rows": [(drill.facility(obj), drill.row(obj)) for obj in page.object_list],
        "other_part": "numerator" if part == "denominator" else "denominator",
    })


@require_safe
def public(request):
    """The open indicators: province-wide aggregates of accepted reports, no login.

    The aggregates are computed over every facility (they name none); the only names shown
    are those of facilities that agreed to be published (``Facility.objects.for_user(None)``).
    """
    form = filter_form(request, default_year=selectors.default_year(),
                       units=AdminUnit.objects.none())
    result = None
    if form.is_valid():
        result = board(Scope(base=Facility.objects.all()), form.cleaned_data["year"])
    context = _context(result)
    context.update(form=form, public=True, published=(
        selectors.published_applying(form.cleaned_data["year"])[:100] if result else []))
    return render(request, "indicators/public.html", context)
