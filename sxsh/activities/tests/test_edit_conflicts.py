"""Issue 11, finding 2, for the activities' edit forms (an activity, a focal point, an
award, a unit's yearly report): two people open the same form; the second save is refused
naming each field the first one changed and its new value, the second one's input kept.

The activity TH-2018-01 (task 1.3, 3 May 2018) is held in Huế and cost 40 million VND of
the local budget; Phú Vang's focal point is Lê Văn Hải; the award is Công ty A's, decision
12/QĐ-UBND; Phú Vang's report of 2023 reached 3 facilities."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sxsh.activities.interchange import import_activities
from sxsh.activities.models import Activity, Award, FocalPoint, LocalReport
from sxsh.core.models import AdminUnit

from .conftest import ACTIVITY_HEADER, csv_file, opener

pytestmark = pytest.mark.django_db

STALE = ("Người khác đã lưu bản ghi này sau khi bạn mở nó, nên các thay đổi của bạn chưa "
         "được lưu. Đã thay đổi: {}. Hãy kiểm tra dữ liệu của bạn và lưu lại để giữ nó.")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _opened(client: Client, url: str) -> dict[str, str]:
    """The form as the page shows it: the values it would post back, its token included."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    values = {}
    for bound in form:
        value = bound.field.widget.format_value(bound.field.prepare_value(bound.value()))
        values[bound.name] = (value[0] if value else "") if isinstance(value, list) else (
            value if value is not None else "")
    assert values["version"]
    return values


def _race(first: Client, second: Client, url: str, mine: dict, theirs: dict,
          extra: dict | None = None):
    """Both open ``url``; ``first`` saves ``theirs``; ``second`` then posts ``mine``."""
    first_form, second_form = _opened(first, url), _opened(second, url)
    saved = first.post(url, {**first_form, **theirs, **(extra or {})})
    assert saved.status_code == 302
    return second.post(url, {**second_form, **mine, **(extra or {})})


def _refusal(response) -> list[str]:
    assert response.status_code == 200
    return response.context["form"].non_field_errors()


@pytest.fixture
def activity(seed_plan) -> Activity:
    import_activities(opener(csv_file(
        ACTIVITY_HEADER,
        "TH-2018-01,training,1.3,1.3,2018-05-03,Tập huấn SXSH,Huế,Sở Công Thương,,40,")),
        file_name="hd.csv", user=None, as_upload=False)
    return Activity.objects.get(code="TH-2018-01")


def test_it_refuses_the_second_save_of_an_activity_naming_what_the_first_changed(
        activity, users, officer_lan):
    url = reverse("activities:edit", args=["TH-2018-01"])
    refused = _race(_signed_in(users["canbo"]), _signed_in(officer_lan), url,
                    mine={"title": "Tập huấn SXSH cho doanh nghiệp"},
                    theirs={"place": "Phú Vang", "cost_local_mvnd": "45"})

    assert _refusal(refused) == [STALE.format(
        "Địa điểm: Phú Vang; Kinh phí ngân sách địa phương (triệu đồng): 45")]
    assert refused.context["form"]["title"].value() == "Tập huấn SXSH cho doanh nghiệp"
    activity.refresh_from_db()
    assert (activity.title, activity.place, activity.cost_local_mvnd) == (
        "Tập huấn SXSH", "Phú Vang", 45)


def test_it_saves_the_refused_activity_form_when_it_is_posted_again(
        activity, users, officer_lan):
    url = reverse("activities:edit", args=["TH-2018-01"])
    second = _signed_in(officer_lan)
    refused = _race(_signed_in(users["canbo"]), second, url, mine={"title": "Tập huấn mới"},
                    theirs={"place": "Phú Vang"})
    kept = refused.context["form"].data  # the input, with the token of the activity now
    assert kept["version"] == _opened(_signed_in(officer_lan), url)["version"]

    assert second.post(url, kept.dict()).status_code == 302
    activity.refresh_from_db()
    # saved on purpose after reading the refusal: the second one's form wins, place and all
    assert (activity.title, activity.place) == ("Tập huấn mới", "Huế")


def test_it_refuses_the_second_save_of_a_focal_point(users, officer_lan):
    point = FocalPoint.objects.create(admin_unit=AdminUnit.objects.get(code="phu-vang"),
                                      person_name="Lê Văn Hải")
    url = reverse("activities:focal_point", args=[point.pk])
    refused = _race(_signed_in(users["canbo"]), _signed_in(officer_lan), url,
                    mine={"email": "hai@phuvang.gov.vn"},
                    theirs={"phone": "0234 3861 234"})

    assert _refusal(refused) == [STALE.format("Điện thoại: 0234 3861 234")]
    assert refused.context["form"]["email"].value() == "hai@phuvang.gov.vn"
    point.refresh_from_db()
    assert (point.phone, point.email) == ("0234 3861 234", "")


def test_it_refuses_the_second_save_of_an_award(users, officer_lan, facilities):
    award = Award.objects.create(
        nominee_kind=Award.Nominee.FACILITY, facility=facilities["A"],
        achievement="Tiết kiệm điện", level=Award.Level.PROVINCE,
        decision_number="12/QĐ-UBND", decision_date=dt.date(2019, 1, 15), year=2018)
    url = reverse("activities:award", args=[award.pk])
    refused = _race(_signed_in(users["canbo"]), _signed_in(officer_lan), url,
                    mine={"achievement": "Tiết kiệm 12 % điện"},
                    theirs={"decision_number": "15/QĐ-UBND"})

    assert _refusal(refused) == [STALE.format("Số quyết định: 15/QĐ-UBND")]
    assert refused.context["form"]["achievement"].value() == "Tiết kiệm 12 % điện"
    award.refresh_from_db()
    assert (award.decision_number, award.achievement) == ("15/QĐ-UBND", "Tiết kiệm điện")


def test_it_refuses_the_second_save_of_a_units_yearly_report(users):
    from sxsh.core.models import User
    from sxsh.core.scoping import Role

    phu_vang = AdminUnit.objects.get(code="phu-vang")
    LocalReport.objects.create(admin_unit=phu_vang, year=2023, facilities_reached=3)
    colleague = User.objects.create(username="hai", role=Role.LOCAL, admin_unit=phu_vang)
    url = reverse("activities:local_report", args=["phu-vang", 2023])
    refused = _race(_signed_in(users["diaphuong"]), _signed_in(colleague), url,
                    mine={"proposals": "Thêm một lớp tập huấn"},
                    theirs={"activities_held": "2"}, extra={"action": "save"})

    assert _refusal(refused) == [STALE.format("Số hoạt động đã tổ chức: 2")]
    assert refused.context["form"]["proposals"].value() == "Thêm một lớp tập huấn"
    report = LocalReport.objects.get(admin_unit=phu_vang, year=2023)
    assert (report.facilities_reached, report.activities_held, report.proposals) == (3, 2, "")
