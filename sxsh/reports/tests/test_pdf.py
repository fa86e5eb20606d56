"""The report's PDF, made by LibreOffice from the DOCX, read back with poppler: the text,
the fonts (every Vietnamese letter in an embedded TrueType font, none drawn as Type 3), and
page 1 as a picture. CI has LibreOffice and poppler-utils; a machine without them skips
these tests, saying which tool is missing."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from sxsh.reports.documents import DocumentError, docx_to_pdf, render_docx, render_pdf

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                       reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                       reason="poppler-utils (pdftotext, pdftoppm, pdffonts) is not installed"),
]


def poppler(tool: str, *args: str) -> str:
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True,
                          timeout=60).stdout


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> tuple[Path, Path]:
    """The draft and the issued report, converted at the same time (each conversion has its
    own LibreOffice profile, so neither waits for nor breaks the other)."""
    from sxsh.reports.tests.conftest import content

    draft = content.__wrapped__()
    issued = dataclasses.replace(draft, draft=False, number="Số: 15/BC-SCT")
    with ThreadPoolExecutor(max_workers=2) as pool:
        made = list(pool.map(render_pdf, [draft, issued]))
    folder = tmp_path_factory.mktemp("pdf")
    paths = folder / "draft.pdf", folder / "issued.pdf"
    for path, pdf in zip(paths, made, strict=True):
        path.write_bytes(pdf)
    return paths


def test_it_holds_the_national_title_and_the_figures_in_vietnamese(pdfs):
    draft, issued = (poppler("pdftotext", "-layout", str(p), "-") for p in pdfs)
    for text in (draft, issued):
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "Thừa Thiên Huế, ngày 15 tháng 01 năm 2019" in text
        assert "62,5 %" in text and "1.550,5" in text
        assert "Nơi nhận:" in text and "Nguyễn Văn An" in text
        assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text  # the signing form
    assert "DỰ THẢO" in draft and "DỰ THẢO" not in issued
    assert "Số: 15/BC-SCT" in issued


def test_it_numbers_the_pages_from_page_two(pdfs):
    pages = poppler("pdftotext", "-layout", str(pdfs[0]), "-").split("\f")
    assert len([p for p in pages if p.strip()]) == 2
    assert pages[1].strip().splitlines()[0].strip() == "2"
    assert not pages[0].strip().startswith("1")


def test_it_embeds_every_font_and_draws_no_letter_as_type_3(pdfs):
    lines = poppler("pdffonts", str(pdfs[0])).splitlines()[2:]
    fonts = [line.split() for line in lines]
    assert fonts, "no font in the PDF"
    names = {f[0].split("+")[-1] for f in fonts}
    # "Times New Roman" is Liberation Serif on Debian (fonts-liberation2: every diacritic).
    assert names == {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                     "LiberationSerif-BoldItalic"}
    assert all("Type 3" not in line for line in lines)
    # emb, sub, uni: embedded, subset, with a Unicode map (the text can be searched).
    assert all(f[-5:-2] == ["yes", "yes", "yes"] for f in fonts)


def test_page_one_turns_into_an_a4_picture(pdfs, tmp_path):
    poppler("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile",
            str(pdfs[0]), str(tmp_path / "page1"))
    page = Image.open(io.BytesIO((tmp_path / "page1.png").read_bytes()))
    # 210 × 297 mm at 50 dots per inch: 413,4 × 584,6 pixels, which pdftoppm rounds up.
    assert page.size == (414, 585)
    # Not blank: the chart and the text darken some of it.
    assert page.convert("L").getextrema()[0] < 60


def test_it_says_so_when_libreoffice_is_missing(content, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DocumentError, match="Máy chủ chưa cài LibreOffice"):
        render_pdf(content)


def test_it_gives_up_when_libreoffice_takes_too_long(content):
    with pytest.raises(DocumentError, match="LibreOffice chuyển báo cáo sang PDF quá 0,01 giây"):
        docx_to_pdf(render_docx(content), timeout=0.01)
