"""The activities list finds a title or a place however it is typed."""

from __future__ import annotations

import pytest

from sxsh.activities.interchange import import_activities
from sxsh.activities.selectors import activity_list

from .conftest import ACTIVITY_HEADER, csv_file, opener

pytestmark = pytest.mark.django_db


def test_it_finds_a_title_and_a_place_without_diacritics(seed_plan, users):
    import_activities(opener(csv_file(
        ACTIVITY_HEADER,
        "TH-2018-01,training,1.3,1.3,2018-05-03,Tập huấn sản xuất sạch hơn,Hương Thủy,,,40,",
        "SH-2018-01,guide,2.1,2.1,2018-11-20,Sổ tay SXSH,Huế,,15,15,",
    )), file_name="hd.csv", user=None, as_upload=False)
    officer = users["canbo"]
    assert [a.code for a in activity_list(user=officer, text="SAN XUAT SACH HON")] \
        == ["TH-2018-01"]
    assert [a.code for a in activity_list(user=officer, text="huong thuy")] == ["TH-2018-01"]
    assert [a.code for a in activity_list(user=officer, text="HUẾ")] == ["SH-2018-01"]
    assert list(activity_list(user=officer, text="hà nội")) == []
