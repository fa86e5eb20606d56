"""The report's pages draw the charts the documents embed: one ``core.charts`` drawing,
inline SVG on the page and a PNG in the DOCX, with the same labels (year_2018 in conftest's
docstring: I1 is 1 aware of 2 open facilities in 2018, 50,0 %, none in 2016 and 2017; its
target 90 %)."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.test import Client
from docx import Document

from sxsh.reports import documents, services

pytestmark = pytest.mark.django_db

I1_TITLE = "I1 Nhận thức về lợi ích của SXSH"
I1_POINTS = ["2016: 0,0 %", "2017: 0,0 %", "2018: 50,0 %"]


def page_charts(body: str) -> dict[str, list[str]]:
    """Each inline chart of a page by its accessible name: its points' titles."""
    found = {}
    for label, drawing in re.findall(r'<svg class="ind-chart" viewBox="[^"]*" role="img" '
                                     r'aria-label="([^"]*)">(.*?)</svg>', body, re.S):
        found[html.unescape(label)] = [
            html.unescape(t) for t in re.findall(r'<circle class="point"[^>]*><title>([^<]*)'
                                                 r'</title>', drawing)]
    return found


def docx_pictures(data: bytes) -> list[str]:
    """The alternative texts of a DOCX's pictures."""
    document = Document(io.BytesIO(data))
    return [shape.get("descr") for shape in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]


def test_it_draws_on_the_draft_the_charts_the_docx_embeds_with_the_same_labels(year_2018):
    officer = year_2018.officer
    version = services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=officer)
    client = Client()
    client.force_login(officer)

    body = client.get(f"/reports/{version.report_id}/v1/").content.decode()

    drawn = page_charts(body)
    assert drawn[I1_TITLE] == I1_POINTS
    assert len(drawn) == 7  # the seven indicators of the seed plan, I1 … I7
    pictures = docx_pictures(documents.render_docx(services.draft_content(version, officer)))
    assert f"{I1_TITLE}: 2016: 0,0 %; 2017: 0,0 %; 2018: 50,0 %; Chỉ tiêu 90 %" in pictures
    # every chart of the page is a picture of the document, point by point
    by_title = {text.split(": ", 1)[0]: text.split(": ", 1)[1] for text in pictures}
    assert sorted(by_title) == sorted(drawn)
    for title, points in drawn.items():
        assert by_title[title].startswith("; ".join(points)), title


def test_a_target_counted_in_facilities_or_documents_is_drawn_against_the_count(year_2018):
    officer = year_2018.officer
    version = services.report_open(plan=year_2018.plan, kind="annual", year=2018, user=officer)
    def walk(sections):
        for section in sections:
            yield from section.charts
            yield from walk(section.subsections)

    content = services.draft_content(version, officer)
    charts = {c.title.split(" ", 1)[0]: c for c in walk(content.sections)}
    # I6: one support by 2018 (the quick assessment started 4/3/2018), none before, against
    # the plan's 10 facilities; I7: no guide published, against 4 documents. They were drawn
    # as shares of the planned quantities (0 – 100 %) beside a target line at 10 and 4.
    assert (charts["I6"].unit, charts["I6"].series, charts["I6"].target) == (
        "cơ sở", [(2016, 0.0), (2017, 0.0), (2018, 1.0)], 10.0)
    assert charts["I6"].target_label == ("Chỉ tiêu", "10 cơ sở")
    assert (charts["I7"].unit, charts["I7"].series, charts["I7"].target) == (
        "tài liệu", [(2016, 0.0), (2017, 0.0), (2018, 0.0)], 4.0)
    # counts are written whole, on the chart and in the table's value column
    assert [p.label for p in charts["I6"].drawing().points] == ["0", "0", "1"]

    def tables(sections):
        for section in sections:
            yield from section.tables
            yield from tables(section.subsections)

    [indicators] = [t for t in tables(content.sections) if t.caption == "Các chỉ số của kế hoạch"]
    # (the numerator / denominator column keeps the planned quantities through the year)
    values = {row[0].split(" ", 1)[0]: row[1:3] for row in indicators.rows}
    assert values["I6"] == ["10 cơ sở", "1"]
    assert values["I7"] == ["4 tài liệu", "0"]
    assert values["I1"][:2] == ["90 %", "50,0 %"]
    # shares stay shares
    assert (charts["I1"].unit, charts["I1"].series[-1], charts["I1"].target) == (
        "share", (2018, 0.5), 0.9)
