"""A file over the upload limit is refused with the limit named, in Vietnamese: on the
upload form where the form can say it, on a page of its own elsewhere; never a 500 or
the web server's 413 page, and nothing of the file is kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sxsh.facilities.models import Report
from sxsh.jobs.models import ImportJob

pytestmark = pytest.mark.django_db

MESSAGE = ("Tệp lớn hơn 1 MB, dung lượng tối đa được phép tải lên. "
           "Hãy chia thành nhiều tệp nhỏ hơn.")


@pytest.fixture
def one_megabyte(settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    settings.JOBS_DIR = tmp_path / "jobs"
    return settings


def oversize() -> SimpleUploadedFile:
    # 1 MB and 1 byte of rows: over the limit by the file alone
    return SimpleUploadedFile("bc.csv", b"tax_code,year\n" + b"x" * (1024 * 1024 - 13),
                              content_type="text/csv")


def test_the_upload_form_names_the_limit_and_keeps_nothing(client, users, one_megabyte):
    client.force_login(users["canbo"])

    response = client.post("/facilities/upload/", {"kind": "reports", "file": oversize()})

    assert response.status_code == 413
    page = response.content.decode()
    assert MESSAGE in page
    assert 'id="upload-form"' in page  # the form again, to choose another file
    assert ImportJob.objects.count() == Report.objects.count() == 0
    assert not one_megabyte.JOBS_DIR.exists()


def test_the_upload_by_script_gets_the_limit_as_its_message(client, users, one_megabyte):
    client.force_login(users["canbo"])

    response = client.post("/facilities/upload/", {"kind": "reports", "file": oversize()},
                           headers={"X-Requested-With": "XMLHttpRequest"})

    assert response.status_code == 413
    assert response.json() == {"message": MESSAGE, "ok": False, "errors": []}


def test_a_file_just_under_the_limit_reaches_the_form(client, users, one_megabyte):
    client.force_login(users["canbo"])
    # 1 MB less the rest of the request (its other fields and the multipart framing)
    data = b"tax_code,year\n" + b"x" * (1024 * 1024 - 1000)

    response = client.post("/facilities/upload/", {
        "kind": "facilities", "file": SimpleUploadedFile("cs.csv", data)})

    assert MESSAGE not in response.content.decode()
    assert ImportJob.objects.get().size_bytes == len(data)  # over 256 KB: the background


def test_any_other_upload_over_the_limit_gets_a_page_naming_it(client, users, one_megabyte):
    client.force_login(users["canbo"])

    response = client.post("/activities/upload/", {"file": oversize()})

    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>Tệp quá lớn</h1>" in page
    assert MESSAGE in page
