"""XLSX files are checked before openpyxl parses them (issue 11, finding 4): a zip bomb,
a shared-strings bomb, entity expansion and a corrupt zip are refused with a message that
names the limit, and nothing is imported."""

import io
import struct
import zipfile

import openpyxl
import pytest

from sxsh.facilities.interchange.columns import REPORT_COLUMNS
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.interchange.sources import raw_rows
from sxsh.facilities.models import Report

from . import hostile_files as hostile
from .test_import_export import opener

pytestmark = pytest.mark.django_db

DTD_REFUSED = ("Tệp bảng tính khai báo thực thể XML (một DTD), điều Excel không bao giờ "
               "ghi và có thể làm trình đọc dùng hết bộ nhớ; tệp đã bị từ chối.")


def _problem(tmp_path, data: bytes) -> str:
    path = hostile.write(tmp_path / "bc.xlsx", data)
    result = import_reports(opener(path), file_name=path.name, user=None, as_upload=False)
    assert not Report.objects.exists()
    return result.problem


def test_it_has_openpyxl_parse_xml_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_it_reads_a_report_workbook_that_openpyxl_wrote():
    rows = list(raw_rows(io.BytesIO(hostile.report_workbook()), "xlsx"))
    assert rows[1] == ["3300100001", "2016", "1", "0", "1", "tấn", "1000"]
    assert rows[0] == list(REPORT_COLUMNS)


def test_it_refuses_the_875_kb_workbook_with_a_huge_shared_strings_table(tmp_path):
    data = hostile.shared_strings_bomb()
    assert 850_000 < len(data) < 900_000
    assert _problem(tmp_path, data) == (
        "Bảng văn bản dùng chung của tệp bảng tính chiếm 115 MB, vượt giới hạn 20 MB; không "
        "có gì được nhập.")


def test_it_refuses_a_shared_strings_table_of_more_texts_than_the_limit(tmp_path, settings):
    settings.XLSX_MAX_SHARED_STRINGS = 1000
    data = hostile.with_part(hostile.SHARED, hostile.shared_strings(1001, declared=1))
    assert _problem(tmp_path, data) == (
        "Bảng văn bản dùng chung của tệp bảng tính chứa hơn 1.000 văn bản; không có gì được "
        "nhập.")


def test_it_reads_a_shared_strings_table_of_exactly_the_limit(settings):
    settings.XLSX_MAX_SHARED_STRINGS = 1000
    data = hostile.with_part(hostile.SHARED, hostile.shared_strings(1000, distinct=1000))
    rows = list(raw_rows(io.BytesIO(data), "xlsx"))
    # the header's codes are texts 0 to n - 1, the tax code n, the unit n + 1: now "s<n+1>"
    assert rows[1][5] == f"s{len(REPORT_COLUMNS) + 1}"


def test_it_refuses_a_zip_bomb_by_its_unpacked_size(tmp_path):
    data = hostile.with_part(hostile.SHEET, hostile.padded_sheet(250))
    assert len(data) < 300_000
    assert _problem(tmp_path, data) == (
        "Tệp bảng tính khi giải nén sẽ chiếm 250 MB, vượt giới hạn 200 MB; không có gì được "
        "nhập. Hãy chia thành các tệp nhỏ hơn.")


def test_it_refuses_a_part_compressed_a_thousand_times_as_a_zip_bomb(tmp_path):
    data = hostile.with_part(hostile.SHEET, hostile.padded_sheet(20))
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(hostile.SHEET)
    ratio = info.file_size // info.compress_size
    assert 1000 < ratio < 1100
    assert _problem(tmp_path, data) == (
        f"Một phần của tệp bảng tính (xl/worksheets/sheet1.xml) bị nén 1.0{ratio % 100:02} "
        "lần, vượt giới hạn 200 lần: tệp trông như một quả bom zip và đã bị từ chối.")


@pytest.mark.parametrize("part", [hostile.SHEET, hostile.SHARED])
def test_it_refuses_entity_expansion_in_a_part(tmp_path, part):
    data = hostile.with_part(part, [hostile.billion_laughs()])
    assert _problem(tmp_path, data) == DTD_REFUSED


def test_defusedxml_refuses_entities_that_the_byte_check_cannot_see(tmp_path):
    # In UTF-16 the bytes of "<!DOCTYPE" are not those of the check: openpyxl's parser,
    # defusedxml, refuses the entities itself.
    laughs = hostile.billion_laughs().decode().replace('<?xml version="1.0"?>',
                                                        '<?xml version="1.0" encoding="UTF-16"?>')
    data = hostile.with_part(hostile.SHEET, [laughs.encode("utf-16")])
    assert _problem(tmp_path, data) == DTD_REFUSED


@pytest.mark.parametrize("damage", ["truncated", "crc"])
def test_it_refuses_a_corrupt_zip(tmp_path, damage):
    data = bytearray(hostile.report_workbook())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:  # one byte of the sheet's compressed data changed: its CRC no longer matches
        info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(hostile.SHEET)
        name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
        at = info.header_offset + 30 + name_length + extra_length + 5
        data[at] ^= 0xFF
    assert _problem(tmp_path, bytes(data)) == "Tệp không phải sổ tính XLSX đọc được."
