"""What a careless or hostile user sends to the report pages is refused in words, and
nothing of it is kept (stop 19's review)."""

from __future__ import annotations

import pytest
from django.test import Client

from sxsh.reports import services

pytestmark = pytest.mark.django_db


def test_it_refuses_a_narrative_section_longer_than_twenty_thousand_characters(year_2018):
    client = Client()
    client.force_login(year_2018.officer)
    version = services.report_open(plan=year_2018.plan, kind="annual", year=2018,
                                   user=year_2018.officer)
    url = f"/reports/{version.report_id}/v1/narrative/"
    token = services.narrative_version(version)

    refused = client.post(url, {"achievements": "x" * 20_001, "version": token})
    version.refresh_from_db()
    assert refused.status_code == 400
    assert "(hiện có 20001)" in refused.content.decode()
    assert version.narrative == {}

    saved = client.post(url, {"achievements": "x" * 20_000, "version": token})
    version.refresh_from_db()
    assert saved.status_code == 302
    assert version.narrative["achievements"] == "x" * 20_000
