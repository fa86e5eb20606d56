"""The assessment report: a DOCX that python-docx and LibreOffice open, with its
headings and figures, and its tables as an XLSX workbook."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from sxsh.assessments import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_vietnamese")]


@pytest.fixture
def worked(make_facility, make_assessment, users):
    """A quick assessment: one focus step (1 000 t malt in; 850 t product, 120 t waste),
    a waste stream costing 30 + 12,5 = 42,5 million VND a year, an option implemented in
    2019 (investment 100, saving 40, 5 years at 10 %; 100 000 kWh saved)."""
    officer = users["canbo"]
    a = make_assessment(make_facility(name="Nhà máy Bia Phú Vang"), reference="ĐGN-2019-01",
                        title="Đánh giá nhanh nhà máy bia")
    services.team_member_add(assessment=a, user=officer, name="Nguyễn Văn An",
                             position="Quản đốc", team_role="Trưởng nhóm")
    step = services.step_save(assessment=a, user=officer, name="Nấu", order=1, is_focus=True)
    for direction, kind, name, qty in [("input", "material", "Malt", 1000),
                                       ("output", "product", "Dịch đường", 850),
                                       ("output", "waste", "Bã malt", 120)]:
        services.flow_add(step=step, user=officer, direction=direction, kind=kind, name=name,
                          quantity_per_year=Decimal(qty), unit="tấn")
    services.waste_stream_save(assessment=a, user=officer, data={
        "name": "Bã malt", "material_cost_mvnd_yr": Decimal(30),
        "treatment_cost_mvnd_yr": Decimal("12.5")})
    option = services.option_save(assessment=a, user=officer, data={
        "code": "PA-01", "category": "equipment_modification",
        "description": "Thay động cơ bơm hiệu suất cao", "investment_mvnd": Decimal(100),
        "annual_saving_mvnd": Decimal(40), "life_years": 5, "discount_rate": Decimal("0.10"),
        "electricity_kwh_saved_yr": Decimal(100_000)})
    services.option_screen(option=option, user=officer, status="implement_now")
    services.option_implement(option=option, user=officer, implemented_on=dt.date(2019, 7, 1))
    return a


def _get(users, url) -> bytes:
    c = Client()
    c.force_login(users["tuvan"])
    response = c.get(url)
    assert response.status_code == 200
    return response.content


def test_the_docx_has_the_usual_structure_and_the_figures(worked, users):
    document = Document(io.BytesIO(_get(users, f"/assessments/{worked.pk}/report.docx")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Cơ sở sản xuất", "2. Nhóm SXSH",
                        "3. Quy trình sản xuất và trọng tâm đánh giá",
                        "4. Cân bằng nguyên liệu, năng lượng và nước",
                        "5. Các dòng thải và chi phí", "6. Các giải pháp SXSH và tính khả thi",
                        "7. Giải pháp đã thực hiện và tiết kiệm đã kiểm chứng", "Kết luận"]
    team, balance, waste, options, savings = document.tables
    assert [c.text for c in balance.rows[1].cells] == [
        "★ Nấu", "tấn", "1.000", "850", "120", "30", "15,0 %"]
    assert waste.rows[-1].cells[5].text == "42,500"
    row = [c.text for c in options.rows[1].cells]
    # payback 100 ÷ 40; NPV −100 + 40 × 3,790787; IRR 40 × annuity(r, 5) = 100;
    # 100 000 kWh; 100 MWh × 0,8458 (2019)
    assert row[6:] == ["2,50", "51,631", "28,65 %", "100.000", "84,58"]
    assert savings.rows[1].cells[3].text == "chưa kiểm chứng"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 13


def test_the_xlsx_holds_the_tables_as_numbers(worked, users):
    book = load_workbook(io.BytesIO(_get(users, f"/assessments/{worked.pk}/tables.xlsx")))
    assert book.sheetnames == ["team", "balance", "waste", "options", "savings"]
    options = book["options"]
    assert [options.cell(3, c).value for c in (5, 6, 7, 8, 11)] == [100, 40, 2.5, 51.631,
                                                                     84.58]
    assert book["waste"].cell(4, 6).value == 42.5


def test_libreoffice_opens_the_docx_and_prints_it_as_a_pdf(worked, users, tmp_path):
    # `make test` installs LibreOffice (tools/system-deps.sh): a missing one is a failure.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, "LibreOffice is not installed"
    docx = tmp_path / "bao-cao.docx"
    docx.write_bytes(_get(users, f"/assessments/{worked.pk}/report.docx"))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=120)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bao-cao.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert "BÁO CÁO ĐÁNH GIÁ NHANH" in text
    assert "Nhà máy Bia Phú Vang" in text and "6. Các giải pháp SXSH và tính khả thi" in text
