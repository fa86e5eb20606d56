"""``/api/v1/reports/``: drafts, updates guarded by If-Match, submission, and the bulk
submission that answers as the Excel upload does — all through a token."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sxsh.core.tests.clock import stopped_at
from sxsh.facilities.interchange.columns import REPORT_COLUMNS
from sxsh.facilities.models import Report
from sxsh.facilities.tests.test_import_export import opener, write_csv

pytestmark = pytest.mark.django_db

LIST = "/api/v1/reports/"
BULK = "/api/v1/reports/bulk/"
EXPLAIN = "Hãy giải trình các số liệu bị cảnh báo trước khi gửi."
# water SEC 5 m³/t in 2016, 8 m³/t in 2017: +60 %, beyond ±50 %
WATER_WARNING = "Suất tiêu hao nước thay đổi +60 % so với năm 2016 (vượt ±50 %)."
YES_NO = "Ghi 1 là có, 0 là không, hoặc để trống nếu chưa rõ."


def detail(report: Report) -> str:
    return f"{LIST}{report.pk}/"


@pytest.fixture
def own(make_facility, users):
    return make_facility(tax_code="3300100001", name="Bia Huế",
                         accounts=[users["doanhnghiep"]])


@pytest.fixture
def other(make_facility):
    return make_facility(tax_code="3300100002", name="Dệt Phú Vang")


@pytest.fixture
def far(make_facility):
    return make_facility(tax_code="3300100003", name="Xi măng Hương Thủy",
                         admin_unit_code="huong-thuy")


def item(**values) -> dict:
    return {"tax_code": "3300100001", "year": 2017, "aware": True, "product_unit": "tấn",
            "production": 1000, "water_m3": "5000", **values}


def test_an_enterprise_token_cannot_read_or_write_another_facility_s_report(
        api, own, other, make_report):
    mine = make_report(own, 2017, status=Report.Status.DRAFT, production=Decimal(10))
    theirs = make_report(other, 2017, status=Report.Status.DRAFT, production=Decimal(10))
    client = api("doanhnghiep")
    assert [r["tax_code"] for r in client.get(LIST).json()["results"]] == ["3300100001"]
    assert client.get(detail(mine)).status_code == 200
    assert client.get(detail(theirs)).status_code == 404
    assert client.patch(detail(theirs), {"water_m3": "1"}, format="json",
                        HTTP_IF_MATCH="*").status_code == 404
    assert client.post(f"{detail(theirs)}submit/", {}, format="json").status_code == 404
    answer = client.post(LIST, {"facility": other.pk, "year": 2018, "aware": True},
                         format="json")
    assert answer.status_code == 404
    theirs.refresh_from_db()
    assert theirs.water_m3 is None
    assert not Report.objects.filter(year=2018).exists()


def test_a_local_point_s_token_reads_the_reports_of_its_area_only(api, own, far, make_report):
    make_report(own, 2017, production=Decimal(10))
    outside = make_report(far, 2017, production=Decimal(10))
    client = api("diaphuong")
    assert [r["tax_code"] for r in client.get(LIST).json()["results"]] == ["3300100001"]
    assert client.get(detail(outside)).status_code == 404


def test_it_drafts_a_report_once_per_facility_and_year(api, own):
    client = api("doanhnghiep")
    answer = client.post(LIST, {"facility": own.pk, "year": 2017, "aware": True,
                                "product_unit": "tấn", "production": "1000",
                                "electricity_kwh": "1000000"}, format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    # 1 000 000 kWh × 0.0001543 TOE/kWh (Decision 2745/QĐ-BCT, 2017) — the form's figure
    assert (body["status"], body["source"], body["production"]) == ("draft", "form",
                                                                    "1000.000")
    assert body["energy_toe"] == str(Report.objects.get().energy_toe)
    again = client.post(LIST, {"facility": own.pk, "year": 2017}, format="json")
    assert (again.status_code, again.json()) == (400, {"year": [
        "Cơ sở này đã có báo cáo của năm này: hãy sửa báo cáo đó bằng PUT hoặc PATCH kèm "
        "ETag của nó."]})


def test_an_if_match_mismatch_is_refused_and_nothing_is_written(api, own, make_report):
    report = make_report(own, 2017, status=Report.Status.DRAFT, production=Decimal(1000),
                         water_m3=Decimal(5000))
    client = api("doanhnghiep")
    tag = client.get(detail(report))["ETag"]
    assert client.patch(detail(report), {"water_m3": "5100"},
                        format="json").status_code == 428
    # someone changes the report on its page meanwhile
    Report.objects.filter(pk=report.pk).update(electricity_kwh=Decimal(20))
    answer = client.patch(detail(report), {"water_m3": "5100"}, format="json",
                          HTTP_IF_MATCH=tag)
    assert (answer.status_code, answer.json()) == (412, {"detail": (
        "Bản ghi đã thay đổi từ khi bạn đọc: hãy đọc lại (GET) rồi gửi thay đổi kèm ETag "
        "mới.")})
    report.refresh_from_db()
    assert report.water_m3 == Decimal(5000)
    answer = client.patch(detail(report), {"water_m3": "5100"}, format="json",
                          HTTP_IF_MATCH=client.get(detail(report))["ETag"])
    assert answer.status_code == 200
    assert (answer.json()["water_m3"], answer.json()["electricity_kwh"]) == ("5100.000",
                                                                             "20.000")


def test_a_submitted_report_is_locked_as_on_the_form(api, own, make_report):
    report = make_report(own, 2017, status=Report.Status.SUBMITTED, production=Decimal(1000))
    client = api("doanhnghiep")
    answer = client.patch(detail(report), {"water_m3": "1"}, format="json",
                          HTTP_IF_MATCH=client.get(detail(report))["ETag"])
    assert (answer.status_code, answer.json()) == (400, {"non_field_errors": [
        "Báo cáo đã gửi và đang chờ thẩm định: không sửa được cho đến khi cán bộ trả lại."]})


def test_a_submission_with_warnings_needs_their_explanation(api, own, make_report):
    make_report(own, 2016, production=Decimal(1000), water_m3=Decimal(5000))
    report = make_report(own, 2017, status=Report.Status.DRAFT, aware=True,
                         production=Decimal(1000), water_m3=Decimal(8000))
    client = api("doanhnghiep")
    submit = f"{detail(report)}submit/"
    answer = client.post(submit, {}, format="json")
    assert (answer.status_code, answer.json()) == (400, {"quality_comment": [EXPLAIN]})
    answer = client.post(submit, {"quality_comment": "Thêm dây chuyền nhuộm"}, format="json",
                         HTTP_IF_MATCH=client.get(detail(report))["ETag"])
    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["quality_warnings"]) == (
        "submitted", [{"code": "sec_change", "category": "water", "year": 2016,
                       "change": "0.600"}])


# --- bulk submission ----------------------------------------------------------------------


def test_a_bulk_submission_writes_every_report_as_submitted(api, own, other, users):
    other.accounts.add(users["doanhnghiep"])
    answer = api("doanhnghiep").post(BULK, [
        item(), item(tax_code="3300100002", aware=False, production=250.5, water_m3=None,
                     cp_measures="Thay đèn LED")], format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"detail": "2 dòng: 2 tạo mới, 0 cập nhật, 0 không đổi.",
                             "rows": 2, "created": 2, "updated": 0, "unchanged": 0}
    second = Report.objects.get(facility=other)
    assert (second.status, second.source, second.aware, second.production,
            second.water_m3, second.cp_measures) == (
        "submitted", "upload", False, Decimal("250.500"), None, "Thay đèn LED")


def test_a_bulk_submission_with_one_bad_row_writes_nothing_and_names_the_row(
        api, own, users, tmp_path):
    items = [item(), item(year=2018, aware=2), item(year=2019)]
    answer = api("doanhnghiep").post(BULK, items, format="json")
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "1 lỗi: không nhập dòng nào. 1 dòng có lỗi.",
        "error_count": 1, "failed_rows": 1,
        "errors": [{"row": 2, "column": "aware", "label": "Nhận thức lợi ích SXSH (1/0)",
                    "value": "2", "reason": YES_NO,
                    "message": f"yêu cầu, dòng 2, cột Nhận thức lợi ích SXSH (1/0), giá trị "
                               f"“2”: {YES_NO}"}]}
    assert not Report.objects.exists()
    # the Excel upload of the same reports gives the same error (on the file's row 3)
    header = list(REPORT_COLUMNS)
    path = write_csv(tmp_path / "bc.csv", header, [
        [{True: "1", False: "0"}.get(v, str(v)) if (v := i.get(c)) is not None else ""
         for c in header] for i in items])
    from sxsh.facilities.interchange.reports_import import import_reports

    upload = import_reports(opener(path), file_name=path.name, user=users["doanhnghiep"],
                            as_upload=True)
    assert [(e.row - 1, e.column, e.value, e.reason) for e in upload.errors] == [
        (2, "aware", "2", YES_NO)]


def test_a_bulk_submission_names_a_facility_outside_the_scope_and_unexplained_warnings(
        api, own, other, make_report):
    make_report(own, 2016, production=Decimal(1000), water_m3=Decimal(5000))
    answer = api("doanhnghiep").post(BULK, [item(tax_code="3300100002"),
                                            item(water_m3=8000)], format="json")
    assert answer.status_code == 400
    assert [(e["row"], e["column"], e["reason"]) for e in answer.json()["errors"]] == [
        (1, "tax_code", "Không có cơ sở nào với mã số thuế này trong phạm vi của bạn."),
        (2, "quality_comment", f"{EXPLAIN} {WATER_WARNING}")]
    assert Report.objects.filter(year=2017).count() == 0


def test_a_bulk_submission_names_a_key_that_is_no_column(api, own):
    answer = api("doanhnghiep").post(BULK, [item(electricity="5")], format="json")
    assert answer.status_code == 400
    assert [(e["row"], e["value"]) for e in answer.json()["errors"]] == [(None, "electricity")]
    assert not Report.objects.exists()


def test_a_bulk_submission_over_the_limit_is_refused_whole(api, own):
    answer = api("doanhnghiep").post(BULK, [item()] * 5001, format="json")
    assert (answer.status_code, answer.json()) == (413, {"detail": (
        "5001 báo cáo trong một yêu cầu: mỗi lần chỉ gửi tối đa 5000 báo cáo.")})


@pytest.mark.parametrize("body, message", [
    ({"tax_code": "3300100001"}, "Hãy gửi một danh sách JSON các báo cáo."),
    (["3300100001"], "Báo cáo thứ 1 không phải là một đối tượng JSON."),
    ([{"tax_code": ["3300100001"]}],
     "Báo cáo thứ 1, trường tax_code: hãy ghi một chuỗi, một số, true/false hoặc null."),
])
def test_a_bulk_submission_that_is_no_list_of_objects_is_a_400(api, own, body, message):
    answer = api("doanhnghiep").post(BULK, body, format="json")
    assert (answer.status_code, answer.json()) == (400, {"detail": message})


# --- limits and costs ---------------------------------------------------------------------


# The clock stopped: the requests fall in one minute however slowly a busy machine runs them.
@stopped_at(2026, 3, 2)
def test_a_token_gets_429_after_60_writes_a_minute_and_its_reads_go_on(api, own):
    client = api("doanhnghiep")
    for _ in range(60):
        assert client.post(BULK, [], format="json").status_code == 200
    refused = client.post(BULK, [], format="json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 60
    assert client.get(LIST).status_code == 200
    assert api("doanhnghiep").post(BULK, [], format="json").status_code == 200  # per token


@stopped_at(2026, 3, 2)
def test_a_token_gets_429_after_600_reads_a_minute(api, own):
    client = api("doanhnghiep")
    for _ in range(600):
        assert client.get("/api/v1/reports/?year=1").status_code == 200
    refused = client.get(LIST)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 60


LIST_QUERIES = {"canbo": 3, "diaphuong": 6, "doanhnghiep": 3}


@pytest.mark.parametrize("username", sorted(LIST_QUERIES))
def test_the_list_takes_the_same_number_of_queries_for_one_report_or_many(
        api, own, make_report, django_assert_num_queries, username):
    client = api(username)
    make_report(own, 2016, production=Decimal(10))
    client.get(LIST)  # the token's first use is noted
    with django_assert_num_queries(LIST_QUERIES[username]):
        assert len(client.get(LIST).json()["results"]) == 1
    for year in (2017, 2018, 2019, 2020):
        make_report(own, year, production=Decimal(10))
    with django_assert_num_queries(LIST_QUERIES[username]):
        assert len(client.get(LIST).json()["results"]) == 5
