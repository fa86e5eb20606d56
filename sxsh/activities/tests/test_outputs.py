"""An activity's outputs: files and links added by the officer, downloaded only through the
activity's scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sxsh.activities.models import Activity, Output
from sxsh.activities.services import OUTPUT_MAX_BYTES

from .conftest import ACTIVITY_HEADER, csv_file, opener

pytestmark = pytest.mark.django_db

ACTIVITIES = csv_file(
    ACTIVITY_HEADER,
    "TH-2018-01,training,1.3,1.3,2018-05-03,Tập huấn SXSH,Huế,Sở Công Thương,,40,",
    "PS-2018-01,media,1.1,1.1,2018-03-01,Phóng sự SXSH,,,,30,",
)
PDF = b"%PDF-1.4 bao cao"


@pytest.fixture
def recorded(seed_plan, settings, tmp_path):
    from sxsh.activities.interchange import import_activities

    settings.MEDIA_ROOT = tmp_path
    import_activities(opener(ACTIVITIES), file_name="hd.csv", user=None, as_upload=False)
    return {a.code: a for a in Activity.objects.all()}


def _add(client, code: str, **data):
    return client.post(reverse("activities:output_add", args=[code]), data)


def test_it_lets_the_officer_add_a_file_and_a_link(client, users, recorded):
    client.force_login(users["canbo"])
    response = _add(client, "TH-2018-01", title="Báo cáo lớp tập huấn",
                    file=SimpleUploadedFile("bao-cao.pdf", PDF))
    assert response.status_code == 302
    response = _add(client, "TH-2018-01", title="Phóng sự trên TRT",
                    url="https://trt.com.vn/sxsh")
    assert response.status_code == 302
    report, link = Output.objects.order_by("pk")
    assert (report.title, report.url) == ("Báo cáo lớp tập huấn", "")
    assert report.file.name.endswith(".pdf")
    assert (link.title, link.file.name, link.url) == ("Phóng sự trên TRT", "",
                                                      "https://trt.com.vn/sxsh")
    html = client.get(reverse("activities:detail", args=["TH-2018-01"])).content.decode()
    download = reverse("activities:output_file", args=["TH-2018-01", report.pk])
    assert f'href="{download}"' in html and 'href="https://trt.com.vn/sxsh"' in html
    assert "/media/" not in html
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_it_lets_the_officer_remove_an_output(client, users, recorded,
                                             django_capture_on_commit_callbacks):
    client.force_login(users["canbo"])
    _add(client, "TH-2018-01", title="Ảnh lớp học",
         file=SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n....."))
    output = Output.objects.get()
    path = Path(output.file.path)
    assert path.read_bytes().startswith(b"\x89PNG")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activities:output_remove",
                                       args=["TH-2018-01", output.pk]))
    assert response.status_code == 302
    assert not Output.objects.exists() and not path.exists()


def test_it_refuses_another_role_the_writes(client, users, recorded):
    output = Output.objects.create(activity=recorded["TH-2018-01"], title="Liên kết",
                                   url="https://example.org/")
    for name in ("lanhdao", "doitac", "diaphuong"):
        client.force_login(users[name])
        assert _add(client, "TH-2018-01", title="x", url="https://example.org/a"
                    ).status_code == 403
        assert client.post(reverse("activities:output_remove", args=["TH-2018-01", output.pk])
                           ).status_code == 403
    assert list(Output.objects.values_list("title", flat=True)) == ["Liên kết"]


def test_it_answers_404_on_a_download_to_who_cannot_read_the_activity(client, users, recorded):
    client.force_login(users["canbo"])
    _add(client, "PS-2018-01", title="Kịch bản phóng sự",
         file=SimpleUploadedFile("kich-ban.pdf", PDF))
    url = reverse("activities:output_file", args=["PS-2018-01", Output.objects.get().pk])
    # A partner agency (Sở TN&MT) joins task 1.3, not 1.1 (the media story).
    client.force_login(users["doitac"])
    assert client.get(url).status_code == 404
    client.force_login(users["lanhdao"])
    assert client.get(url).status_code == 200


def test_it_refuses_an_exe_renamed_pdf(client, users, recorded):
    client.force_login(users["canbo"])
    response = _add(client, "TH-2018-01", title="Báo cáo",
                    file=SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00"))
    assert response.status_code == 400
    assert ("Tệp sản phẩm phải là tệp PDF, ảnh JPEG hoặc PNG, tệp Word (.docx) hoặc Excel "
            "(.xlsx).") in response.content.decode()
    assert not Output.objects.exists()


def test_it_refuses_a_pdf_over_ten_megabytes(client, users, recorded):
    client.force_login(users["canbo"])
    big = PDF + b"0" * (OUTPUT_MAX_BYTES + 1 - len(PDF))
    response = _add(client, "TH-2018-01", title="Báo cáo",
                    file=SimpleUploadedFile("bao-cao.pdf", big))
    assert response.status_code == 400
    assert "Tệp sản phẩm tối đa 10 MB." in response.content.decode()
    assert not Output.objects.exists()


def test_it_accepts_a_pdf_of_exactly_ten_megabytes(client, users, recorded):
    client.force_login(users["canbo"])
    exact = PDF + b"0" * (OUTPUT_MAX_BYTES - len(PDF))
    assert _add(client, "TH-2018-01", title="Báo cáo",
                file=SimpleUploadedFile("bao-cao.pdf", exact)).status_code == 302
    assert Output.objects.get().file.size == 10 * 1024 * 1024


def test_it_refuses_a_link_that_is_not_http(client, users, recorded):
    client.force_login(users["canbo"])
    response = _add(client, "TH-2018-01", title="Liên kết", url="javascript:alert(1)")
    assert response.status_code == 400
    assert "Liên kết phải bắt đầu bằng http:// hoặc https://." in response.content.decode()
    assert not Output.objects.exists()


def test_the_detail_page_reads_in_a_fixed_number_of_queries(client, users, recorded,
                                                           django_assert_num_queries):
    client.force_login(users["canbo"])
    url = reverse("activities:detail", args=["TH-2018-01"])
    client.get(url)
    with django_assert_num_queries(5):
        client.get(url)
    for i in range(3):
        Output.objects.create(activity=recorded["TH-2018-01"], title=f"Liên kết {i}",
                              url=f"https://example.org/{i}")
    with django_assert_num_queries(5):
        assert client.get(url).content.decode().count("https://example.org/") == 6
