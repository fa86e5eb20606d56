"""Issue 11, finding 2, for the assessments: two people open the same CP option's form;
the second save is refused naming what the first one changed, the second one's input kept.

Option GP1 of assessment ĐGN-001 (good housekeeping, "Tắt đèn khi không dùng"): no
investment, no saving recorded yet."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sxsh.assessments import services
from sxsh.core.models import User
from sxsh.core.scoping import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def option(make_facility, make_assessment, users):
    assessment = make_assessment(make_facility())
    return services.option_save(assessment=assessment, user=users["canbo"], data={
        "code": "GP1", "category": "good_housekeeping",
        "description": "Tắt đèn khi không dùng"})


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(client: Client, url: str, **changes) -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form["version"].value()
    return {"version": form["version"].value(), "code": "GP1",
            "category": "good_housekeeping", "description": "Tắt đèn khi không dùng",
            **changes}


def test_it_refuses_the_second_save_of_an_option_naming_what_the_first_changed(
        option, users, in_vietnamese):
    url = reverse("assessments:option_edit", args=[option.pk])
    consultant = User.objects.create(username="tuvan2", role=Role.CONSULTANT,
                                     agency=users["tuvan"].agency)
    first, second = _signed_in(users["tuvan"]), _signed_in(consultant)
    first_form, second_form = _form(first, url), _form(second, url)
    assert first.post(url, {**first_form, "annual_saving_mvnd": "12"}).status_code == 302

    refused = second.post(url, {**second_form, "description": "Tắt đèn và quạt"})

    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "Người khác đã lưu bản ghi này sau khi bạn mở nó, nên các thay đổi của bạn chưa "
        "được lưu. Đã thay đổi: Tiết kiệm hằng năm (triệu đồng): 12. Hãy kiểm tra dữ liệu "
        "của bạn và lưu lại để giữ nó."]
    assert refused.context["form"]["description"].value() == "Tắt đèn và quạt"
    option.refresh_from_db()
    assert (option.description, option.annual_saving_mvnd) == ("Tắt đèn khi không dùng", 12)
    assert '<input type="hidden" name="version"' in refused.content.decode()
