"""The report's DOCX read back with python-docx: the page, the fonts, the top block of
Decree 30/2020/NĐ-CP, the tables cell by cell, the chart, the page numbers and the signature.
The content is the hand-made report of ``conftest.py``."""

from __future__ import annotations

import dataclasses
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from PIL import Image

from sxsh.reports.content import ReportContent
from sxsh.reports.documents import render_docx


def read(content: ReportContent):  # noqa: ANN201 (python-docx's Document is untyped)
    return Document(io.BytesIO(render_docx(content)))


def mm(length: int) -> float:
    return round(length / Mm(1), 1)


def test_it_prints_on_a4_with_the_margins_of_the_decree(content):
    section = read(content).sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert [mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin),
            mm(section.right_margin)] == [20.0, 20.0, 30.0, 15.0]


def test_it_writes_the_body_in_times_new_roman_14_and_the_tables_in_12(content):
    document = read(content)
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    body = next(p for p in document.paragraphs if p.text.startswith("Năm 2018, Sở Công"))
    assert [(r.font.name, r.font.size) for r in body.runs] == [("Times New Roman", Pt(14))]
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert mm(body.paragraph_format.first_line_indent) == 10.0
    run = document.tables[1].cell(1, 3).paragraphs[0].runs[0]
    assert (run.font.name, run.font.size) == ("Times New Roman", Pt(12))


def test_it_heads_the_report_with_the_issuer_the_national_title_and_the_date(content):
    top = read(content).tables[0]
    issuer, nation = top.rows[0].cells
    number, place_date = top.rows[1].cells
    issuer_lines = [p for p in issuer.paragraphs if p.text]
    assert [(p.text, bool(p.runs[0].bold)) for p in issuer_lines] == [
        ("UBND TỈNH THỪA THIÊN HUẾ", False), ("SỞ CÔNG THƯƠNG", True)]
    assert [(p.text, bool(p.runs[0].bold)) for p in nation.paragraphs if p.text] == [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True)]
    assert number.text == "Số:      /BC-SCT"
    assert place_date.text == "Thừa Thiên Huế, ngày 15 tháng 01 năm 2019"
    assert place_date.paragraphs[0].runs[0].italic is True
    assert [r.font.size for p in nation.paragraphs[:2] for r in p.runs] == [Pt(12), Pt(14)]
    # The rules under the department and the motto: a top border on a narrowed paragraph.
    assert [p.text for p in issuer.paragraphs] == ["UBND TỈNH THỪA THIÊN HUẾ",
                                                    "SỞ CÔNG THƯƠNG", ""]
    assert "w:pBdr" in issuer.paragraphs[2]._p.xml and "w:pBdr" in nation.paragraphs[2]._p.xml
    # Its columns have no borders: the top block is not a grid.
    assert "w:tblBorders" not in top._tbl.xml


def test_it_titles_the_report_bold_and_centred_with_the_subject_under_it(content):
    paragraphs = [p for p in read(content).paragraphs if p.text]
    title, subject = paragraphs[0], paragraphs[1]
    assert (title.text, title.alignment, title.runs[0].bold) == (
        "BÁO CÁO", WD_ALIGN_PARAGRAPH.CENTER, True)
    assert (subject.text, subject.alignment, subject.runs[0].bold) == (
        "Kết quả thực hiện Kế hoạch sản xuất sạch hơn trong công nghiệp năm 2018",
        WD_ALIGN_PARAGRAPH.CENTER, True)


def test_it_numbers_the_sections_in_bold_in_their_order(content):
    headings = [p.text for p in read(content).paragraphs
                if p.runs and p.runs[0].bold and p.text[:2] in ("I.", "1.", "II")]
    assert headings == ["I. KẾT QUẢ THỰC HIỆN", "1. Tuyên truyền, nâng cao nhận thức",
                        "II. KHÓ KHĂN, VƯỚNG MẮC"]


def test_it_prints_each_table_cell_by_cell_figures_right_and_totals_bold(content):
    document = read(content)
    indicators, budget = document.tables[1], document.tables[2]
    assert [[c.text for c in row.cells] for row in indicators.rows] == [
        ["TT", "Chỉ tiêu", "Mục tiêu", "Kết quả"],
        ["1", "Cơ sở được đánh giá SXSH", "50 %", "62,5 %"],
        ["2", "Cơ sở tiết kiệm năng lượng", "8 % – 13 %", "9,4 %"]]
    assert [[c.text for c in row.cells] for row in budget.rows] == [
        ["Nguồn", "Kế hoạch", "Đã chi"], ["Ngân sách tỉnh", "1.200", "1.150"],
        ["Doanh nghiệp", "350,5", "300"], ["Tổng cộng", "1.550,5", "1.450"]]
    assert all(c.paragraphs[0].runs[0].bold for c in budget.rows[0].cells)
    assert [bool(c.paragraphs[0].runs[0].bold) for row in budget.rows[1:]
            for c in row.cells] == [False] * 6 + [True] * 3
    assert [c.paragraphs[0].alignment for c in budget.rows[3].cells] == [
        WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT]
    # The heading row comes again on each page the table runs over; no row is split.
    assert ["w:tblHeader" in row._tr.xml for row in indicators.rows] == [True, False, False]
    assert all("w:cantSplit" in row._tr.xml for row in indicators.rows)


def test_it_writes_the_caption_before_a_table_and_its_note_after(content):
    texts = [p.text for p in read(content).paragraphs]
    caption = texts.index("Bảng 1. Các chỉ tiêu năm 2018")
    assert texts[caption + 1] == "Nguồn: Sở Công Thương tổng hợp."
    assert texts[texts.index("Bảng 2. Kinh phí năm 2018 (triệu đồng)") - 1] == (
        "Nguồn: Sở Công Thương tổng hợp.")


def test_it_gives_a_narrow_column_to_a_number_and_the_room_to_a_name(content):
    indicators = read(content).tables[1]
    widths = [mm(column.width) for column in indicators.columns]
    # Asked for: TT 4 characters ("TT" + 2, the least) × 2,4 mm = 9,6; Chỉ tiêu 26 ("Cơ sở
    # tiết kiệm năng lượng") × 2,4 = 62,4; the figures at their characters' widths in 12 pt
    # (1 em = 12 × 25,4/72 = 4,233 mm) plus 4,8 mm of margins: Mục tiêu "8 % – 13 %" =
    # 0,5 + 0,25 + 1 + 0,25 + 0,5 + 0,25 + 0,5 + 0,5 + 0,25 + 1 = 5 em = 21,17 + 4,8 = 25,97;
    # Kết quả "62,5 %" = 3 em = 12,70 + 4,8 = 17,50. 115,47 mm fit in the 165 mm between the
    # margins, stretched to fill them: × 165/115,47 = 13,7; 89,2; 37,1; 25,0.
    assert widths == [13.7, 89.2, 37.1, 25.0]


def test_the_five_year_table_gives_the_indicators_name_room_beside_eight_columns(content):
    """The summary's table: the indicator, its target, 2016–2020 and the judgement."""
    from sxsh.reports.content import Table

    five_years = Table(
        caption="Các chỉ số của kế hoạch",
        columns=["Chỉ số", "Chỉ tiêu", "2016", "2017", "2018", "2019", "2020", "Đánh giá"],
        rows=[["I1 Nhận thức về lợi ích của SXSH", "90 %", "0,0 %", "0,0 %", "50,0 %",
               "50,0 %", "50,0 %", "Chậm tiến độ"],
              ["I2 Doanh nghiệp vừa và lớn có cán bộ chuyên trách SXSH", "50 %", "–", "–",
               "–", "–", "–", "Chưa có số liệu"],
              ["I4 Tiết kiệm trên đơn vị sản phẩm", "8 % – 13 %", "–", "–", "20,0 %", "–",
               "–", "Chưa có số liệu"]],
        numeric=[False, *([True] * 6), False])
    content.sections[0].tables = [five_years]

    table = read(content).tables[1]

    widths = [mm(column.width) for column in table.columns]
    # Least: the name's longest word "nghiệp"/"chuyên" + 2 = 8 × 2,4 = 19,2; "8 % – 13 %"
    # 25,97; 2016 and 2017 "0,0 %" 2,5 em = 10,58 + 4,8 = 15,38; 2018–2020 "50,0 %" 17,50;
    # the judgement's "Chậm"/"Chưa"/"liệu" + 2 = 6 × 2,4 = 14,4: 142,83 mm, 22,17 left.
    # The name first gets 40 mm (+20,8); the 1,37 left go by what each asks beyond that:
    # the name 40 characters (96 mm, 56 more), the judgement "Chưa có số liệu" 15 (36 mm,
    # 21,6 more): 40 + 1,37 × 56/77,6 = 40,99 and 14,4 + 0,38 = 14,78. Before, the name had
    # 28 mm (each figure's character at 2,4 mm left it nothing).
    assert widths == [41.0, 26.0, 15.4, 15.4, 17.5, 17.5, 17.5, 14.8]
    assert round(sum(column.width for column in table.columns) / Mm(1), 1) == 165.0


def test_a_narrow_column_keeps_its_longest_word_when_a_long_one_takes_the_room():
    from sxsh.reports.content import Table
    from sxsh.reports.documents import column_widths

    table = Table(caption="", columns=["Nhiệm vụ", "Hoạt động"],
                  rows=[["x" * 80, "12"]], numeric=[False, True])
    # Least: the 80-letter word + 2 = 82 chars = 196,8 mm (above the 165 mm: the least
    # widths are scaled), "Hoạt"/"động" + 2 = 6 chars = 14,4 mm: 165 × 196,8/211,2 = 153,75
    # and 165 × 14,4/211,2 = 11,25.
    assert [round(w, 2) for w in column_widths(table)] == [153.75, 11.25]
    table.rows = [["một nhiệm vụ có tên rất dài " * 3, "12"]]
    # Least: "nhiệm" + 2 = 7 chars = 16,8 mm and 6 chars = 14,4 mm; asked: 40 chars = 96 mm
    # and 14,4 mm — 110,4 mm fit: stretched, 165 × 96/110,4 = 143,48 and 21,52.
    assert [round(w, 2) for w in column_widths(table)] == [143.48, 21.52]
    table.columns = ["Nhiệm vụ", *(["Người"] * 5)]
    table.rows = [["một nhiệm vụ có tên rất dài " * 3, *(["12"] * 5)]]
    table.numeric = [False, *([True] * 5)]
    # Asked: 96 + 5 × 16,8 ("Người" + 2 = 7 chars) = 180 mm, above 165; the least widths
    # (6 × 16,8 = 100,8 mm) stay and the 64,2 mm left go to the name: 16,8 + 64,2 = 81.
    assert [round(w, 2) for w in column_widths(table)] == [81.0, *([16.8] * 5)]


def test_it_embeds_the_chart_as_a_png_of_the_charts_size(content):
    document = read(content)
    [shape] = document.inline_shapes
    assert mm(shape.width) == 150.0
    blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip
                                       .embed].blob
    image = Image.open(io.BytesIO(blob))
    assert (image.format, image.size) == ("PNG", (720, 400))  # 360 × 200 at scale 2
    texts = [p.text for p in document.paragraphs]
    assert "Biểu đồ 1. Tỷ lệ cơ sở được đánh giá SXSH" in texts


def test_it_numbers_the_pages_in_the_header_from_page_two(content):
    section = read(content).sections[0]
    assert section.different_first_page_header_footer is True
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "<w:instrText" in header._p.xml and " PAGE " in header._p.xml
    assert 'w:fldCharType="begin"' in header._p.xml and 'w:fldCharType="end"' in header._p.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_it_marks_a_draft_and_only_a_draft(content):
    draft = read(content).sections[0].first_page_header
    assert [p.text for p in draft.paragraphs] == ["DỰ THẢO"]
    assert draft.paragraphs[0].runs[0].bold is True
    issued = read(dataclasses.replace(content, draft=False, number="Số: 15/BC-SCT"))
    assert [p.text for p in issued.sections[0].first_page_header.paragraphs] == [""]
    assert issued.tables[0].rows[1].cells[0].text == "Số: 15/BC-SCT"


def test_it_signs_on_the_right_and_lists_the_recipients_on_the_left(content):
    signature = read(content).tables[-1]
    recipients, signer = signature.rows[0].cells
    heading, *lines = recipients.paragraphs
    run = heading.runs[0]
    assert (heading.text, run.bold, run.italic, run.font.size) == (
        "Nơi nhận:", True, True, Pt(12))
    assert [(p.text, p.runs[0].font.size) for p in lines] == [
        ("- UBND tỉnh;", Pt(11)), ("- Bộ Công Thương;", Pt(11)), ("- Lưu: VT, QLCN.", Pt(11))]
    assert [(p.text, p.runs[0].bold, p.alignment) for p in signer.paragraphs] == [
        ("KT. GIÁM ĐỐC", True, WD_ALIGN_PARAGRAPH.CENTER),
        ("PHÓ GIÁM ĐỐC", True, WD_ALIGN_PARAGRAPH.CENTER),
        ("Nguyễn Văn An", True, WD_ALIGN_PARAGRAPH.CENTER)]
    # Room for the signature and the seal above the name.
    assert signer.paragraphs[2].paragraph_format.space_before == Pt(72)


def test_it_prints_the_same_document_from_the_frozen_json(content):
    frozen = ReportContent.from_dict(content.to_dict())
    first, again = read(content), read(frozen)
    assert [p.text for p in first.paragraphs] == [p.text for p in again.paragraphs]
    assert [[c.text for c in r.cells] for t in first.tables for r in t.rows] == [
        [c.text for c in r.cells] for t in again.tables for r in t.rows]


def test_it_names_its_title_author_and_language_in_the_file(content):
    properties = read(content).core_properties
    assert (properties.title, properties.author, properties.language, properties.revision) == (
        "BÁO CÁO Kết quả thực hiện Kế hoạch sản xuất sạch hơn trong công nghiệp năm 2018",
        "SỞ CÔNG THƯƠNG", "vi-VN", 1)
