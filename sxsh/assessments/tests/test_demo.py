"""The demo assessments: labelled, on demo facilities, the same each time, never twice."""

import pytest
from django.core.management import call_command

from sxsh.assessments.demo import demo_assessments_ensure
from sxsh.assessments.models import Assessment, Option

pytestmark = pytest.mark.django_db


def test_the_demo_data_command_adds_three_labelled_assessments_once(reference):
    call_command("demo-data", "--facilities", "12", "--seed", "1")
    assessments = Assessment.objects.order_by("reference")
    assert [a.reference for a in assessments] == [
        "DEMO-MH-2019-01", "DEMO-ĐGCT-2019-01", "DEMO-ĐGN-2018-01"]
    assert all(a.facility.is_demo and a.title.startswith("[DEMO] ") for a in assessments)
    assert Option.objects.count() == 7
    assert list(Option.objects.filter(status="verified").values_list(
        "code", "measurements__saved_per_year")) == [("PA-02", 84000)]
    assert demo_assessments_ensure() == 0
    assert Assessment.objects.count() == 3
