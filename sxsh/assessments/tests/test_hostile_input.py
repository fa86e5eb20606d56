"""What a careless or hostile user typed in the review of the new contexts: each is a clear
message, never a 500, and never a row that breaks a page afterwards."""

import datetime as dt
import io
import tarfile

import pytest
from django.conf import settings
from openpyxl import load_workbook

from sxsh.activities.services import activity_rule_errors
from sxsh.assessments import services
from sxsh.assessments.models import Measurement, Option, TeamMember
from sxsh.core.backup import BackupError, backup_restore
from sxsh.core.exporting import csv_text, xlsx_value
from sxsh.facilities.interchange.files import FileProblem, read_rows

from .test_pages import client_for, served  # noqa: F401  (the served facility)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_vietnamese")]


@pytest.fixture
def implemented(served, users, make_assessment):  # noqa: F811
    assessment = make_assessment(served)
    option = services.option_save(assessment=assessment, user=users["canbo"], data={
        "code": "PA-01", "category": "good_housekeeping", "description": "Bảo ôn đường ống",
        "investment_mvnd": 45, "annual_saving_mvnd": 60})
    services.option_screen(option=option, user=users["canbo"], status="implement_now")
    services.option_implement(option=option, user=users["canbo"],
                              implemented_on=dt.date(2019, 8, 1))
    return Option.objects.get(pk=option.pk)


def test_a_verification_whose_consumption_rose_a_thousandfold_is_refused(implemented, users):
    c = client_for(users["canbo"])
    response = c.post(f"/assessments/options/{implemented.pk}/verify/", {
        "measured_on": "2020-01-01", "quantity": "electricity_kwh",
        "before_production": "1", "before_use": "1", "after_production": "1",
        "after_use": "1000"})
    assert response.status_code == 200  # the form again, with the message
    assert "gấp đôi" in response.content.decode()  # the message says what to check
    assert not Measurement.objects.exists()
    assert c.get(f"/assessments/{implemented.assessment_id}/").status_code == 200


def test_negative_consumption_and_huge_monthly_points_are_form_errors(implemented, users):
    c = client_for(users["canbo"])
    url = f"/assessments/options/{implemented.pk}/verify/"
    negative = c.post(url, {"measured_on": "2020-01-01", "quantity": "electricity_kwh",
                            "before_production": "1", "before_use": "10",
                            "after_production": "1", "after_use": "-5"})
    huge = c.post(url, {"measured_on": "2020-01-01", "quantity": "electricity_kwh",
                        "baseline_points": "1e300; 1e300\n2e300; 1\n3e300; 5",
                        "reporting_points": "1e300; 1\n2e300; 1"})
    assert (negative.status_code, huge.status_code) == (200, 200)  # the form, with errors
    assert "Dòng 1" in huge.content.decode()
    assert not Measurement.objects.exists()


def test_a_huge_facility_number_in_the_list_filter_is_ignored(users):
    response = client_for(users["canbo"]).get("/assessments/",
                                              {"facility": "99999999999999999999999"})
    assert response.status_code == 200


def test_a_control_character_in_a_form_is_refused_before_any_view(implemented, users):
    c = client_for(users["canbo"])
    response = c.post(f"/assessments/{implemented.assessment_id}/add/team/",
                      {"team-name": "x\x01y"})
    assert response.status_code == 400
    assert "U+0001" in response.content.decode()
    assert not TeamMember.objects.exists()
    # Tab and line breaks are ordinary text.
    assert client_for(users["canbo"]).post(
        f"/assessments/{implemented.assessment_id}/add/team/",
        {"team-name": "Nguyễn\tVăn An"}).status_code == 302


def test_text_stored_before_the_rule_is_written_out_without_control_characters(
        implemented, users):
    TeamMember.objects.create(assessment=implemented.assessment, name="x\x0by")
    c = client_for(users["canbo"])
    for suffix in ("report.docx", "tables.xlsx"):
        response = c.get(f"/assessments/{implemented.assessment_id}/{suffix}")
        assert response.status_code == 200
    response = c.get(f"/assessments/{implemented.assessment_id}/tables.xlsx")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = {cell.value for sheet in load_workbook(io.BytesIO(content))
             for row in sheet.iter_rows() for cell in row}
    assert "xy" in cells
    assert (xlsx_value("a\x00b\x0bc"), csv_text("a\x01b")) == ("abc", "ab")


def test_a_file_cell_with_a_control_character_names_its_row_and_column():
    data = b"code,title\r\nA-1,ok\r\nA-2,bad\x00title\r\n"
    with pytest.raises(FileProblem) as exc:
        list(read_rows(io.BytesIO(data), "csv", ["code", "title"], []))
    assert "3" in str(exc.value) and "title" in str(exc.value)


def test_a_column_named_twice_is_named_in_the_message():
    data = b"code,title,title\r\nA-1,x,y\r\n"
    with pytest.raises(FileProblem) as exc:
        list(read_rows(io.BytesIO(data), "csv", ["code", "title"], []))
    assert "title" in str(exc.value) and "–" not in str(exc.value)


@pytest.mark.parametrize("code", ["new", "upload", "NEW", ".", ".."])
def test_an_activity_code_that_is_a_page_address_is_refused(code):
    assert "code" in activity_rule_errors({"code": code, "kind": "workshop", "title": "x",
                                           "date": dt.date(2018, 5, 1)})


def test_a_truncated_backup_is_refused_with_a_message(tmp_path):
    archive = tmp_path / "b.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        payload = tmp_path / "manifest.json"
        payload.write_bytes(b"{" + b"x" * 200_000 + b"}")
        tar.add(payload, arcname="manifest.json")
    truncated = tmp_path / "t.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:2000])
    with pytest.raises(BackupError):
        backup_restore(archive=truncated)


def test_sqlite_takes_the_write_lock_when_a_transaction_begins():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
