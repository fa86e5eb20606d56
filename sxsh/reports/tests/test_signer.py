"""The signer's capacity: the officer chooses the signing form of Decree 30/2020 (GIÁM ĐỐC;
KT. GIÁM ĐỐC over PHÓ GIÁM ĐỐC; Q. GIÁM ĐỐC; TL. GIÁM ĐỐC over CHÁNH VĂN PHÒNG) and the name
on the draft; the DOCX prints them in bold above the name; the issued version keeps them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from docx import Document

from sxsh.reports import documents, services
from sxsh.reports.content import ReportContent
from sxsh.reports.selectors import compare

pytestmark = pytest.mark.django_db


def signature_lines(docx: bytes) -> list[tuple[str, bool]]:
    """The signature block's lines (the right cell of the last table): text, bold."""
    cell = Document(io.BytesIO(docx)).tables[-1].rows[0].cells[1]
    return [(p.text, all(r.bold for r in p.runs)) for p in cell.paragraphs if p.text]


@pytest.fixture
def draft(year_2018):
    return services.report_open(plan=year_2018.plan, kind="annual", year=2018,
                                user=year_2018.officer)


def test_a_draft_is_signed_by_the_director_until_the_officer_says_otherwise(draft, year_2018):
    docx = documents.render_docx(services.draft_content(draft, year_2018.officer))
    assert signature_lines(docx) == [("GIÁM ĐỐC", True)]


@pytest.mark.parametrize(("capacity", "lines"), [
    ("deputy", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    ("acting", ["Q. GIÁM ĐỐC"]),
    ("by_order", ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]),
])
def test_it_prints_the_chosen_signing_form_above_the_name(draft, year_2018, capacity, lines):
    officer = year_2018.officer
    draft = services.narrative_save(version=draft, user=officer, narrative={
        "signer_capacity": capacity, "signer": "Phan Thị Hoa"})

    docx = documents.render_docx(services.draft_content(draft, officer))

    assert signature_lines(docx) == [(line, True) for line in [*lines, "Phan Thị Hoa"]]


def test_the_officer_chooses_the_form_on_the_draft_and_an_unknown_one_is_refused(
        draft, year_2018):
    client = Client()
    client.force_login(year_2018.officer)
    url = f"/reports/{draft.report_id}/v1/"
    page = client.get(url).content.decode()
    assert '<option value="deputy">KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC</option>' in page
    assert '<option value="director" selected>GIÁM ĐỐC</option>' in page

    refused = client.post(url + "narrative/", {"signer_capacity": "king",
                                               "version": services.narrative_version(draft)})
    assert refused.status_code == 400
    saved = client.post(url + "narrative/", {"signer_capacity": "acting", "signer": "Lê Hùng",
                                             "version": services.narrative_version(draft)})
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert (draft.narrative["signer_capacity"], draft.narrative["signer"]) == (
        "acting", "Lê Hùng")
    assert "Q. GIÁM ĐỐC" in client.get(url).content.decode()


def test_the_issued_version_keeps_its_signing_form_when_the_next_draft_changes_it(
        draft, year_2018):
    officer = year_2018.officer
    services.narrative_save(version=draft, user=officer,
                            narrative={"signer_capacity": "acting", "signer": "Lê Hùng"})
    issued = services.version_issue(version=draft, user=officer, document_number="15",
                                    issued_on=dt.date(2019, 1, 15))
    services.version_issue_complete(version_id=issued.pk)
    issued.refresh_from_db()
    new = services.version_new(report=issued.report, user=officer)
    new = services.narrative_save(version=new, user=officer,
                                  narrative={"signer_capacity": "deputy", "signer": "Lê Hùng"})

    assert signature_lines(services.stored_file(issued, "docx")) == [
        ("Q. GIÁM ĐỐC", True), ("Lê Hùng", True)]
    frozen = ReportContent.from_dict(issued.content)
    changed = compare(frozen, services.draft_content(new, officer)).texts
    assert [(t.heading, t.before, t.after) for t in changed] == [
        ("Quyền hạn, chức vụ của người ký", "Q. GIÁM ĐỐC", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")]
