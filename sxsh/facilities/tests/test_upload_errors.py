"""An upload's errors (issue 12, finding 5): named by the column's Vietnamese label, all at
once with a count at the top, and the user's own file given back with each error marked."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from sxsh.core.exporting import put
from sxsh.facilities.interchange.columns import REPORT_COLUMNS
from sxsh.facilities.models import Report

from .test_pages import client_for

pytestmark = pytest.mark.django_db

HEADER = list(REPORT_COLUMNS)


@pytest.fixture
def own(make_facility, users):
    return make_facility(tax_code="3300100001", opened_year=2010,
                         accounts=[users["doanhnghiep"]])


def _xlsx(rows, name="bao-cao.xlsx") -> io.BytesIO:
    book = Workbook()
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            put(book.active.cell(row=number, column=column), value)  # text stays text
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = name
    return out


def _row(**values):
    cells = {"tax_code": "3300100001", "year": 2017, "aware": 1, "production": 1000,
             "product_unit": "tấn", **values}
    return [cells.get(c) for c in HEADER]


def _upload(client, rows, **headers):
    return client.post("/facilities/upload/", {"kind": "reports", "file": _xlsx(rows)},
                       headers=headers)


def test_it_names_the_column_by_its_label_and_counts_the_errors_at_the_top(users, own):
    c = client_for(users["doanhnghiep"])
    body = _upload(c, [HEADER, _row(aware="có"), _row(year=2018, production=-1)]) \
        .content.decode()
    top = body.index("2 lỗi: không nhập dòng nào. 2 dòng có lỗi.")
    assert top < body.index("bao-cao.xlsx, dòng 2, cột Nhận thức lợi ích SXSH (1/0), "
                            "giá trị “có”")
    assert "dòng 3, cột Sản lượng (theo đơn vị sản phẩm), giá trị “-1”" in body
    assert "cột aware" not in body and "cột production" not in body


def test_it_gives_back_the_user_s_file_with_each_error_marked(users, own):
    c = client_for(users["doanhnghiep"])
    data = _upload(c, [HEADER, _row(aware="có", product_unit="=1+1"), _row(year=2018)],
                   **{"x-requested-with": "XMLHttpRequest"}).json()
    assert (data["error_count"], data["failed_rows"]) == (1, 1)
    assert data["message"] == "1 lỗi: không nhập dòng nào. 1 dòng có lỗi."
    response = c.get(data["errors_file"])
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-loi.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                     if response.streaming else response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    width = len(HEADER)
    assert rows[0][width] == "Lỗi"
    assert rows[1][width] == ("Nhận thức lợi ích SXSH (1/0): Ghi 1 là có, 0 là không, "
                              "hoặc để trống nếu chưa rõ.")
    assert rows[2][width] is None
    wrong = sheet.cell(row=2, column=HEADER.index("aware") + 1)
    assert (wrong.value, wrong.fill.fgColor.rgb) == ("có", "00FFC7CE")
    assert wrong.comment.text == "Ghi 1 là có, 0 là không, hoặc để trống nếu chưa rõ."
    # the rows as uploaded: numbers as numbers, a formula-like text as text
    assert rows[1][:2] == ("3300100001", 2017)
    unit = sheet.cell(row=2, column=HEADER.index("product_unit") + 1)
    assert (unit.value, unit.data_type) == ("=1+1", "s")


def test_the_marked_file_imports_once_corrected(users, own):
    c = client_for(users["doanhnghiep"])
    url = _upload(c, [HEADER, _row(aware="có")],
                  **{"x-requested-with": "XMLHttpRequest"}).json()["errors_file"]
    response = c.get(url)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)
                                    if response.streaming else response.content))
    book.active.cell(row=2, column=HEADER.index("aware") + 1, value=1)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "bao-cao-loi.xlsx"
    data = c.post("/facilities/upload/", {"kind": "reports", "file": out},
                  headers={"x-requested-with": "XMLHttpRequest"}).json()
    assert (data["ok"], data["created"]) == (True, 1)
    assert Report.objects.get(facility=own, year=2017).aware is True


def test_another_user_cannot_read_the_marked_file(users, own):
    url = _upload(client_for(users["doanhnghiep"]), [HEADER, _row(aware="có")],
                  **{"x-requested-with": "XMLHttpRequest"}).json()["errors_file"]
    assert client_for(users["canbo"]).get(url).status_code == 404
    assert client_for(users["lanhdao"]).get(url).status_code == 403
    assert client_for(users["doanhnghiep"]).get(
        "/facilities/upload/errors/" + "0" * 32 + "/").status_code == 404


def test_a_good_upload_gives_no_marked_file(users, own):
    data = _upload(client_for(users["doanhnghiep"]), [HEADER, _row()],
                   **{"x-requested-with": "XMLHttpRequest"}).json()
    assert (data["created"], data["errors_file"]) == (1, "")
