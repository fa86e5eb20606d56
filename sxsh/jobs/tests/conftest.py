"""A register of facilities and a file of their yearly reports, large enough to be imported
in the background under the tests' threshold."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation

from sxsh.facilities.interchange.columns import FACILITY_COLUMNS, REPORT_COLUMNS
from sxsh.facilities.interchange.facilities_import import import_facilities

#: 250 facilities × the years 2016–2020 = 1 250 report rows: two batches of the importer
#: (1 000 rows each), so that a failure in the second leaves the first to be undone.
FACILITIES = 250
YEARS = range(2016, 2021)
ROWS = FACILITIES * len(YEARS)


def tax_code(n: int) -> str:
    return f"3309{n:06d}"


def csv_bytes(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def report_rows(**overrides):
    """One row per facility and year, year by year (2020's rows are the last 250)."""
    for year in YEARS:
        for n in range(1, FACILITIES + 1):
            row = dict.fromkeys(REPORT_COLUMNS, "")
            row.update(tax_code=tax_code(n), year=str(year), aware="1", cp_staff="0",
                       cp_applied="1", product_unit="tấn", production="1000",
                       electricity_kwh="100000", water_m3="500", **overrides)
            yield [row[c] for c in REPORT_COLUMNS]


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def register(users):
    """The 250 facilities in Phú Vang, VSIC 10, registered by the command-line import."""
    rows = []
    for n in range(1, FACILITIES + 1):
        row = dict.fromkeys(FACILITY_COLUMNS, "")
        row.update(tax_code=tax_code(n), name=f"Cơ sở {n}", admin_unit="phu-vang", vsic="10",
                   employees="50", revenue_bn_vnd="20", capital_bn_vnd="10",
                   opened_year="2010")
        rows.append([row[c] for c in FACILITY_COLUMNS])
    data = csv_bytes(list(FACILITY_COLUMNS), rows)
    result = import_facilities(lambda: io.BytesIO(data), file_name="cs.csv", user=None,
                               as_upload=False)
    assert (result.ok, result.created) == (True, FACILITIES)


@pytest.fixture
def reports_file() -> bytes:
    return csv_bytes(list(REPORT_COLUMNS), report_rows())


@pytest.fixture
def background(settings, tmp_path):
    """Files over 10 KB go to the background; jobs keep their files in a temporary folder."""
    settings.BACKGROUND_IMPORT_BYTES = 10 * 1024
    settings.JOBS_DIR = tmp_path / "jobs"
    return settings
