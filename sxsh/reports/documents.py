"""The report printed as a Vietnamese state body prints it: DOCX per Decree 30/2020/NĐ-CP
(Appendix I: the layout of an administrative document), and the PDF LibreOffice makes of it.

The printers print :class:`~sxsh.reports.content.ReportContent` as it is: every figure is
already formatted there. Only the charts are drawn here, by the one chart module
(``sxsh.core.charts``), as on the pages.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

from sxsh.core import charts
from sxsh.core.formatting import number

from .content import ChartSeries, ReportContent, Section, Table

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
#: Decree 30/2020, Appendix I: body text 13–14 pt; tables 12–13 pt; "Nơi nhận" 12 pt over
#: its lines in 11 pt.
BODY_PT, TABLE_PT, RECIPIENTS_PT, RECIPIENT_LINE_PT = 14, 12, 12, 11
#: The national title in 12–13 pt bold capitals: 12 keeps it on one line beside the issuer.
NATION_PT = 12
#: A4, margins top and bottom 20 mm, left 30 mm, right 15 mm.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 20, 20, 30, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - LEFT_MM - RIGHT_MM
#: The top block's columns: the issuer (left) and the national title (right).
ISSUER_COLUMN_MM, NATION_COLUMN_MM = 70, TEXT_WIDTH_MM - 70
#: The first line of a paragraph is indented 1–1.27 cm.
FIRST_LINE_MM = 10
#: The rules under the department (a third to a half of its line) and under the motto (as
#: long as the motto in 14 pt bold), and under the subject.
ISSUER_RULE_MM, MOTTO_RULE_MM, SUBJECT_RULE_MM = 25, 63, 45
#: The draft's mark, a box in the top right corner of page 1.
DRAFT_BOX_MM = 30
CHART_WIDTH_MM = 150
#: A table's column is at most this many characters wide before its text wraps.
MAX_COLUMN_CHARS = 40
#: A character of a 12 pt table cell, bold headings included, in mm (Times New Roman's
#: widest common letters); a column's least width is its longest word at this width.
MM_PER_CHAR = 2.4
#: The widths of the characters figures are written with, in ems of Times New Roman (the
#: wider of regular and bold): a figure is measured by them, a digit being half the
#: letters' average above. Other letters (a unit: "4 tài liệu") at the widest common ones.
FIGURE_EM = {**dict.fromkeys("0123456789", 0.5), ",": 0.25, ".": 0.25, " ": 0.25,
             "\u00a0": 0.25, "%": 1.0, "–": 0.5, "-": 0.333, "/": 0.278, "(": 0.333,
             ")": 0.333}
LOWER_EM, UPPER_EM = 0.556, 0.778
MM_PER_PT = 25.4 / 72
#: A cell's margins, left and right (Word's 1,9 mm each, and a little room to spare).
CELL_MARGINS_MM = 2 * MM_PER_CHAR
#: The least a name's column is given (some 15 letters a line) when the figures beside it
#: leave the room: the five-year table's eight columns squeezed it to 28 mm.
NAME_COLUMN_MM = 40
#: How long LibreOffice may take over one report before the conversion is abandoned.
PDF_TIMEOUT_SECONDS = 120


class DocumentError(RuntimeError):
    """A document could not be made (LibreOffice missing, failing or too slow)."""


def render_docx(content: ReportContent) -> bytes:
    """The report as a DOCX in the layout of Decree 30/2020/NĐ-CP."""
    with translation.override("vi"):
        document = Document()
        _page(document, draft=content.draft)
        _properties(document, content)
        _top_block(document, content)
        _title(document, content)
        for section in content.sections:
            _section(document, section)
        _signature_block(document, content)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def render_pdf(content: ReportContent) -> bytes:
    """The report as a PDF: its DOCX, converted by LibreOffice."""
    return docx_to_pdf(render_docx(content))


def docx_to_pdf(docx: bytes, *, timeout: float = PDF_TIMEOUT_SECONDS) -> bytes:
    """A DOCX (a frozen report's file, say) converted to PDF by LibreOffice, headless, in a
    directory of its own with its own user profile, so that two conversions at once share
    nothing; stopped, with every process it started, after ``timeout`` seconds."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocumentError(_("LibreOffice is not installed: the PDF cannot be made."))
    with tempfile.TemporaryDirectory(prefix="sxsh-report-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", "pdf",
                   "--outdir", str(work), str(source)]
        # A session of its own: soffice is a script that starts soffice.bin, and a timeout
        # must stop both.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise DocumentError(
                _("LibreOffice took more than %(seconds)s s to convert the report.")
                % {"seconds": number(timeout)}) from error
        pdf = work / "report.pdf"
        if process.returncode != 0 or not pdf.exists():
            detail = (err or out).decode(errors="replace").strip()
            raise DocumentError(_("LibreOffice could not convert the report: %(detail)s")
                                % {"detail": detail[-500:]})
        return pdf.read_bytes()


# The page -----------------------------------------------------------------------------


def _page(document: DocxDocument, *, draft: bool) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.header_distance = section.footer_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _font_everywhere(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    # The number of the page from page 2, centred in the header; page 1 has none.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)
    first = section.first_page_header.paragraphs[0]
    if draft:
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.paragraph_format.left_indent = Mm(TEXT_WIDTH_MM - DRAFT_BOX_MM)
        _run(first, pgettext("the mark on a draft document", "DRAFT"), bold=True,
             size=BODY_PT)
        _border(first, "top", "left", "bottom", "right")


def _properties(document: DocxDocument, content: ReportContent) -> None:
    """The file's own title, author and language (Vietnamese, for the spelling checker)."""
    properties = document.core_properties
    properties.title = f"{content.title} {content.subject}".strip()
    properties.author = properties.last_modified_by = (content.issuer_lines or [""])[-1]
    properties.language = LANGUAGE
    properties.revision = content.version
    properties.comments = ""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    rpr.append(language)


def _font_everywhere(rpr: BaseOxmlElement) -> None:
    """Times New Roman for every script Word tells apart (Vietnamese is Latin, but Word picks
    the East Asian or complex-script slot for some characters)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field: the office suite writes each page's own number (2 until it updates)."""
    for kind, text in (("begin", ""), ("", " PAGE "), ("separate", ""), ("", "2"),
                       ("end", "")):
        run = paragraph.add_run()
        run.font.size = Pt(BODY_PT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


# The top block, the title --------------------------------------------------------------


def _top_block(document: DocxDocument, content: ReportContent) -> None:
    """Appendix I's top block, a table without borders: the issuer over the number on the
    left, the national title and motto over the place and date on the right, the number and
    the date on one line."""
    table = _bare_table(document, [ISSUER_COLUMN_MM, NATION_COLUMN_MM], rows=2)
    left, right = table.rows[0].cells
    upper, *department = content.issuer_lines or [""]
    _centered(left.paragraphs[0], upper, size=13)
    for line in department:
        _centered(left.add_paragraph(), line, bold=True, size=13)
    _rule(left, mm=ISSUER_RULE_MM)
    _centered(right.paragraphs[0], _("SOCIALIST REPUBLIC OF VIETNAM"), bold=True,
              size=NATION_PT)
    _centered(right.add_paragraph(), _("Independence - Freedom - Happiness"), bold=True,
              size=BODY_PT)
    _rule(right, mm=MOTTO_RULE_MM)
    number, place_date = table.rows[1].cells
    _centered(number.paragraphs[0], content.number, size=13)
    _centered(place_date.paragraphs[0], content.place_date, italic=True, size=BODY_PT)


def _title(document: DocxDocument, content: ReportContent) -> None:
    title = document.add_paragraph()
    title.paragraph_format.space_before = Pt(18)
    _centered(title, content.title, bold=True, size=BODY_PT)
    for line in content.subject.splitlines() or [""]:
        _centered(document.add_paragraph(), line, bold=True, size=BODY_PT)
    _rule_paragraph(document.add_paragraph(), mm=SUBJECT_RULE_MM)


def _rule(cell: _Cell, *, mm: int) -> None:
    _rule_paragraph(cell.add_paragraph(), mm=mm)


def _rule_paragraph(paragraph: Paragraph, *, mm: int) -> None:
    """A short rule, centred: the top border of an empty paragraph narrowed by its indents."""
    width = paragraph._parent
    available = _width_mm(width)
    side = max(0.0, (available - mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.space_before = Pt(3)
    paragraph.paragraph_format.space_after = Pt(4)
    _run(paragraph, "", size=2)
    _border(paragraph, "top")


def _width_mm(parent: object) -> float:
    if isinstance(parent, _Cell) and parent.width is not None:
        return parent.width / Mm(1)
    return float(TEXT_WIDTH_MM)


# The sections ----------------------------------------------------------------------------


def _section(document: DocxDocument, section: Section) -> None:
    heading = document.add_paragraph()
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(3)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.first_line_indent = Mm(FIRST_LINE_MM)
    heading.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run(heading, f"{section.number} {section.heading}".strip(), bold=True)
    for text in section.paragraphs:
        _body(document.add_paragraph(), text)
    for table in section.tables:
        _table(document, table)
    for chart in section.charts:
        _chart(document, chart)
    for sub in section.subsections:
        _section(document, sub)


def _body(paragraph: Paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    form = paragraph.paragraph_format
    form.first_line_indent = Mm(FIRST_LINE_MM)
    form.space_before = Pt(6)
    form.line_spacing = 1.15
    _run(paragraph, text)


def _table(document: DocxDocument, table: Table) -> None:
    caption = document.add_paragraph()
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(3)
    caption.paragraph_format.keep_with_next = True
    _centered(caption, table.caption, bold=True, size=13)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    _widths(grid, column_widths(table))
    numeric = list(table.numeric) + [False] * (len(table.columns) - len(table.numeric))
    for cell, heading in zip(grid.rows[0].cells, table.columns, strict=True):
        _centered(cell.paragraphs[0], heading, bold=True, size=TABLE_PT)
    for place, row in enumerate(grid.rows):
        _keep_row(row, heading=place == 0)
    for index, row in enumerate(table.rows):
        bold = index in table.total_rows
        for cell, text, right in zip(grid.rows[index + 1].cells, row, numeric, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
            _run(paragraph, text, bold=bold, size=TABLE_PT)
    if table.note:
        note = document.add_paragraph()
        note.paragraph_format.space_before = Pt(3)
        note.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _run(note, table.note, italic=True, size=TABLE_PT)


def _keep_row(row: _Row, *, heading: bool = False) -> None:
    """A row is never split over two pages; the heading row is printed again on every page
    the table runs over."""
    properties = row._tr.get_or_add_trPr()
    for name in ("w:cantSplit", "w:tblHeader") if heading else ("w:cantSplit",):
        flag = OxmlElement(name)
        flag.set(qn("w:val"), "true")
        properties.append(flag)


def _chart(document: DocxDocument, series: ChartSeries) -> None:
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.space_before = Pt(6)
    picture.paragraph_format.keep_with_next = True
    chart = series.drawing()
    shape = picture.add_run().add_picture(io.BytesIO(charts.png(chart)),
                                          width=Mm(CHART_WIDTH_MM))
    # The picture's alternative text: the figures the page's SVG writes, for a reader who
    # cannot see the image.
    shape._inline.docPr.set("descr", f"{series.title}: {charts.describe(chart)}")
    caption = document.add_paragraph()
    caption.paragraph_format.space_after = Pt(6)
    _centered(caption, series.title, italic=True, size=TABLE_PT)


# The signature and the recipients --------------------------------------------------------


def _signature_block(document: DocxDocument, content: ReportContent) -> None:
    document.add_paragraph().paragraph_format.space_after = Pt(6)
    table = _bare_table(document, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
    _keep_row(table.rows[0])
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    _run(heading, _("Recipients:"), bold=True, italic=True, size=RECIPIENTS_PT)
    for line in content.recipients:
        _run(left.add_paragraph(), line, size=RECIPIENT_LINE_PT)
    first, *more = content.signature.capacity or [""]
    _centered(right.paragraphs[0], first, bold=True, size=BODY_PT)
    for line in more:
        _centered(right.add_paragraph(), line, bold=True, size=BODY_PT)
    name = right.add_paragraph()
    name.paragraph_format.space_before = Pt(72)  # room for the signature and the seal
    _centered(name, content.signature.name, bold=True, size=BODY_PT)


# Small pieces ----------------------------------------------------------------------------


def _bare_table(document: DocxDocument, widths_mm: list[float], *,
                rows: int = 1) -> DocxTable:
    """A table without borders, its columns as wide as given."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    _widths(table, widths_mm)
    return table


def _widths(table: DocxTable, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def column_widths(table: Table) -> list[float]:
    """The columns' widths in mm. Each column is at least as wide as its longest word (a
    figure's cell counts as one word: "77,4 %" and "89 / 115" never break, measured by the
    real widths of its characters), plus the cell's margins. The room left goes first to the
    name (the text column asking the most) up to ``NAME_COLUMN_MM``, then to the columns
    whose text asks for more, in proportion to what each asks beyond its least; when
    everything fits, the widths asked are stretched to the text's width."""
    least, wanted = [], []
    numeric = list(table.numeric) + [False] * (len(table.columns) - len(table.numeric))
    for index, heading in enumerate(table.columns):
        cells = [row[index] for row in table.rows if index < len(row)]
        heading_mm = MM_PER_CHAR * (max((len(w) for w in heading.split()), default=1) + 2)
        if numeric[index]:
            smallest = max([heading_mm, *(figure_mm(c) for c in cells if c)])
            least.append(smallest)
            wanted.append(smallest)
            continue
        words = heading.split() + [w for c in cells for w in c.split()]
        chars = max((len(w) for w in words), default=1) + 2
        longest_cell = max((len(text) for text in cells), default=0)
        least.append(MM_PER_CHAR * chars)
        wanted.append(MM_PER_CHAR * max(chars, min(longest_cell, MAX_COLUMN_CHARS), 4))
    if sum(wanted) <= TEXT_WIDTH_MM or sum(least) >= TEXT_WIDTH_MM:
        base = wanted if sum(wanted) <= TEXT_WIDTH_MM else least
        return [TEXT_WIDTH_MM * w / sum(base) for w in base]
    widths = list(least)
    texts = [i for i, is_figure in enumerate(numeric[:len(widths)]) if not is_figure]
    if texts:
        name = max(texts, key=lambda i: wanted[i])
        widths[name] += min(max(0.0, min(wanted[name], NAME_COLUMN_MM) - least[name]),
                            TEXT_WIDTH_MM - sum(least))
    room = TEXT_WIDTH_MM - sum(widths)
    extra = [max(0.0, w - have) for w, have in zip(wanted, widths, strict=True)]
    if room <= 0 or not sum(extra):
        return widths
    return [have + room * e / sum(extra) for have, e in zip(widths, extra, strict=True)]


def figure_mm(text: str) -> float:
    """How wide a figure's cell is, in mm: its characters at their widths in 12 pt Times New
    Roman (bold or not, the wider), plus the cell's margins."""
    ems = sum(FIGURE_EM.get(c, UPPER_EM if c.isupper() else LOWER_EM) for c in text)
    return ems * TABLE_PT * MM_PER_PT + CELL_MARGINS_MM


def _centered(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
              size: float = BODY_PT) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, bold=bold, italic=italic, size=size)


def _run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
         size: float = BODY_PT) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    run.font.size = Pt(size)
    run.font.name = FONT
    _font_everywhere(run._r.get_or_add_rPr())


#: What follows ``w:pBdr`` in a paragraph's properties (the schema fixes their order).
_AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                  "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                  "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                  "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _border(paragraph: Paragraph, *sides: str) -> None:
    """A single line of 0.5 pt on the given sides of a paragraph."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "1")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    properties.insert_element_before(borders, *_AFTER_BORDERS)
