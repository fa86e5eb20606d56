"""What the indicator pages and the dashboard's file show of each indicator: the headline
figure (a share; I4's saving against its band; I5's number of people), the status, the
chart, and the small-count rule of the public side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from sxsh.core.charts import Chart, scale_top, share_chart
from sxsh.core.formatting import percent

from . import selectors
from .engine import DEFINITIONS, Board
from .engine.compute import CategoryResult, Result
from .engine.definitions import CATEGORIES, Definition
from .engine.targets import STATUS_BADGE, best_saving

CHARTED = ("I1", "I2", "I3", "I4")
#: The indicators computed from facilities' data: the small-count rule applies to them.
FACILITY_FIGURES = ("I1", "I2", "I3", "I4")
#: I4's chart reads savings: its axis goes to 20 % at least (the band is 8–13 %).
SAVING_AXIS_TOP = 0.2
CATEGORY_LABELS = {key: label for key, _column, label in CATEGORIES}

SUPPRESSED_TEXT = _(
    "Small numbers are not published: a figure computed from fewer than %(count)s "
    "facilities is shown as “< %(count)s facilities — not published”, so that no facility's "
    "own figures can be read from it. Officers see every figure."
)
I5_FILTERS_TEXT = _("The filters do not apply to I5: it counts the department's officers.")


def min_facilities() -> int:
    """K of the small-count rule (``INDICATORS_MIN_FACILITIES``)."""
    return settings.INDICATORS_MIN_FACILITIES


def hidden_text(count: int | None = None) -> str:
    """What the public sees instead of a figure from too few facilities."""
    return gettext("< %(count)s facilities — not published") % {
        "count": min_facilities() if count is None else count}


def suppression_text() -> str:
    return gettext(str(SUPPRESSED_TEXT)) % {"count": min_facilities()}


def counted_facilities(result: Result) -> int | None:
    """How many facilities ``result`` is computed from (None: not a facility figure)."""
    if result.code not in FACILITY_FIGURES or result.denominator is None:
        return None
    return int(result.denominator)


def hidden(result: Result | CategoryResult, *, public: bool) -> bool:
    """Whether the public must not see ``result``: computed from fewer than K facilities."""
    if not public:
        return False
    base = (result.denominator if isinstance(result, CategoryResult)
            else counted_facilities(result))
    return base is not None and base < min_facilities()


@dataclass
class Category:
    result: CategoryResult
    label: str
    hidden: bool


@dataclass
class Card:
    result: Result
    definition: Definition
    hidden: bool = False
    #: The headline: a share (I1–I3, I6), I4's saving, I5's number of people.
    headline: float | int | None = None
    kind: str = "share"  # share, saving or count
    #: I4: the category whose median saving is the headline.
    saving_category: str = ""
    unit: str = ""
    chart: Chart | None = None
    chart_label: str = ""
    categories: list[Category] = field(default_factory=list)
    #: I5: its count for each year shown.
    per_year: list[tuple[int, int | None]] = field(default_factory=list)
    filters_ignored: bool = False
    listed: bool = False
    denominator_listed: bool = False
    #: I7: its guides by VSIC division (code, name, count), and the library's guides.
    sectors: list[tuple[str, str, int]] = field(default_factory=list)
    guides_url: str = ""

    @property
    def code(self) -> str:
        return self.result.code

    @property
    def target(self):
        return self.result.target.target if self.result.target else None

    @property
    def badge(self) -> str:
        return STATUS_BADGE.get(self.result.status, "")


def _headline(card: Card) -> None:
    r = card.result
    card.headline = r.value
    if r.code == "I4":
        card.headline, key = best_saving(r)
        card.kind = "saving"
        card.saving_category = str(CATEGORY_LABELS.get(key, ""))
    elif r.code == "I5":
        card.kind = "count"
        card.headline = r.numerator
        card.unit = card.target.unit if card.target is not None and card.target.unit else (
            gettext("people"))


def _chart(board: Board, card: Card, *, public: bool) -> Chart | None:
    if card.code not in CHARTED or board.plan is None:
        return None
    target = card.target
    low = float(target.value_min) if target is not None and target.value_min is not None else None
    high = float(target.value_max) if target is not None and target.value_max is not None \
        else None
    series = []
    for year in board.years:
        result = board.series[year][card.code]
        value = best_saving(result)[0] if card.code == "I4" else result.value
        series.append((year, None if hidden(result, public=public) else value))
    label = ("", "")
    if low is not None:
        band = percent(low, 0) if high is None else f"{percent(low, 0)} – {percent(high, 0)}"
        label = (pgettext("the target line of a chart", "Target"), band)
    top = scale_top([v for _y, v in series] + [high], at_least=SAVING_AXIS_TOP) \
        if card.code == "I4" else 1.0
    return share_chart(series, target=low, upper=high, top=top, target_label=label)


def _guides(board: Board, card: Card) -> None:
    """I7 by sector, and the way down to the guides in the portal's library."""
    from django.urls import reverse

    from .engine.guides import guides_by_division

    if board.plan is None:  # I7 has a figure only over a plan
        return
    card.sectors = guides_by_division(board.scope, board.plan.start_year, board.year)
    vsic = f"&vsic={board.scope.vsic.code}" if board.scope.vsic else ""
    card.guides_url = f"{reverse('portal:documents')}?kind=guide{vsic}"


def build_cards(board: Board, *, public: bool = False) -> list[Card]:
    """The cards of ``board`` in the order of the definitions; on the public side the
    figures computed from fewer than K facilities are hidden (cards, categories, points)."""
    cards = []
    for r in board.rows():
        card = Card(result=r, definition=DEFINITIONS[r.code], hidden=hidden(r, public=public),
                    listed=r.code in selectors.LISTED,
                    denominator_listed=selectors.is_listed(r.code, "denominator"))
        _headline(card)
        card.chart = _chart(board, card, public=public)
        card.chart_label = str(_("Median saving") if r.code == "I4" else _("Share"))
        card.categories = [Category(c, str(CATEGORY_LABELS.get(c.key, c.key)),
                                    hidden(c, public=public)) for c in r.categories]
        if r.code == "I7" and r.numerator is not None:
            _guides(board, card)
        if r.code == "I5":
            card.per_year = [(y, board.series[y]["I5"].numerator) for y in board.years]
            card.filters_ignored = board.scope.is_filtered or board.scope.provisional
        cards.append(card)
    return cards


def board_json(board: Board, *, public: bool = False) -> dict[str, dict]:
    """The board as ``sxsh indicators`` and the API write it: each indicator's figures by
    code. On the public side a figure computed from fewer than K facilities (an indicator or
    one of its categories) is written without its figures and marked ``hidden``, as the
    public page hides it."""
    payload = {}
    for result in board.rows():
        data = result.as_json()
        if hidden(result, public=public):
            data.update(numerator=None, denominator=None, value=None, hidden=True)
            data.pop("categories", None)
        for category in result.categories:
            if hidden(category, public=public) and category.key in data.get("categories", {}):
                data["categories"][category.key] = {
                    "numerator": None, "denominator": None, "value": None,
                    "median_saving": None, "hidden": True}
        payload[result.code] = data
    return payload
