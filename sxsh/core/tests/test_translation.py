"""Every user-visible string has a Vietnamese translation, and the compiled catalogues match."""

from pathlib import Path

import polib
import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = sorted(
    [ROOT / "locale/vi/LC_MESSAGES/django.po",
     *ROOT.glob("sxsh/*/locale/vi/LC_MESSAGES/django.po")]
)


def test_there_is_a_catalogue_for_the_project_and_each_context():
    names = {p.parts[-5] if p.parts[-5] != "sxsh" else p.parts[-4] for p in CATALOGUES}
    assert "main" in names or len(CATALOGUES) >= 2
    assert (ROOT / "locale/vi/LC_MESSAGES/django.po") in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_vietnamese_entry_is_empty_or_fuzzy(path):
    po = polib.pofile(str(path))
    missing = [
        e.msgid for e in po
        if not e.obsolete and ("fuzzy" in e.flags or not (
            e.msgstr or (e.msgid_plural and all(e.msgstr_plural.values()))))
    ]
    assert missing == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_matches_its_source(path):
    po = polib.pofile(str(path))
    mo = polib.mofile(str(path.with_suffix(".mo")))
    translated = {e.msgid: e.msgstr or e.msgstr_plural.get(0) for e in po.translated_entries()}
    compiled = {e.msgid: e.msgstr or e.msgstr_plural.get(0) for e in mo if e.msgid}
    assert compiled == translated


@pytest.mark.django_db
def test_the_home_page_speaks_vietnamese_by_default():
    body = Client().get("/").content.decode()
    assert '<html lang="vi">' in body
    assert "Chương trình Sản xuất sạch hơn trong công nghiệp" in body
    assert "Đăng nhập" in body


@pytest.mark.django_db
def test_english_is_available():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body and "Log in" in body


@pytest.mark.django_db
def test_a_browser_that_prefers_english_still_gets_vietnamese():
    body = Client(headers={"accept-language": "en-US,en;q=0.9"}).get("/").content.decode()
    assert '<html lang="vi">' in body and "Đăng nhập" in body


def test_djangos_awkward_vietnamese_messages_are_corrected():
    from django import forms
    from django.utils import translation

    class Form(forms.Form):
        employees = forms.IntegerField(min_value=0)

    with translation.override("vi"):
        assert Form({"employees": "1,5"}).errors["employees"] == ["Nhập một số nguyên."]
        assert Form({"employees": "-1"}).errors["employees"] == [
            "Giá trị phải lớn hơn hoặc bằng 0."]


@pytest.mark.django_db
def test_the_administrators_user_form_speaks_vietnamese(users):
    client = Client()
    client.force_login(users["admin"])
    page = client.get("/admin/core/user/add/").content.decode()
    assert "Đăng nhập bằng mật khẩu" in page and "Sau khi tạo người dùng" in page
    refused = client.post("/admin/core/user/add/", {"username": "", "usable_password": "true"})
    assert "Vui lòng sửa các lỗi dưới đây." in refused.content.decode()
