"""Emulation and rewards: the officer records awards, leadership reads them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from sxsh.activities import services
from sxsh.activities.models import Award

pytestmark = pytest.mark.django_db

PERSON = {"nominee_kind": "person", "person_name": "Nguyễn Văn An", "organisation":
          "Công ty A", "facility": None, "admin_unit": None, "achievement":
          "Áp dụng SXSH tiết kiệm 12% điện", "level": "province", "decision_number":
          "1234/QĐ-UBND", "decision_date": dt.date(2019, 3, 15), "year": 2018}


@time_machine.travel(dt.datetime(2020, 6, 1, 12), tick=False)
def test_it_refuses_a_decision_date_in_the_future_and_a_missing_nominee(users):
    with pytest.raises(ValidationError) as exc:
        services.award_save(award=None, user=users["canbo"], data={
            **PERSON, "person_name": "", "decision_date": dt.date(2020, 6, 2)})
    assert set(exc.value.message_dict) == {"person_name", "decision_date"}
    assert Award.objects.count() == 0


def test_it_keeps_only_the_fields_of_the_nominees_kind(users, facilities):
    award = services.award_save(award=None, user=users["canbo"],
                                data={**PERSON, "facility": facilities["A"]})
    assert (award.facility, award.nominee) == (None, "Nguyễn Văn An, Công ty A")


def test_leadership_reads_the_list_and_the_officer_edits(client, users, django_assert_num_queries):
    services.award_save(award=None, user=users["canbo"], data=PERSON)
    client.force_login(users["lanhdao"])
    client.get(reverse("activities:awards"))
    with django_assert_num_queries(4):  # session, user, count, page
        html = client.get(reverse("activities:awards")).content.decode()
    assert "Nguyễn Văn An, Công ty A" in html and "1234/QĐ-UBND" in html
    assert 'id="new-award"' not in html
    assert client.get(reverse("activities:award_create")).status_code == 403
    client.force_login(users["diaphuong"])
    assert client.get(reverse("activities:awards")).status_code == 403


def test_the_officer_records_an_award_with_the_form(client, users):
    client.force_login(users["canbo"])
    response = client.post(reverse("activities:award_create"), {
        **{k: v for k, v in PERSON.items() if v is not None}, "decision_date": "2019-03-15"})
    assert response.status_code == 302
    assert Award.objects.get().decision_number == "1234/QĐ-UBND"
