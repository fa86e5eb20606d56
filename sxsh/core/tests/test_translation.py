"""Every user-visible string has a Vietnamese translation, and the compiled catalogues match."""

from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

import sxsh

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = Path(sxsh.__file__).resolve().parent
VI = Path("vi/LC_MESSAGES/django.po")


def expected_catalogues() -> set[Path]:
    """The project's catalogue, where core's strings go, and one in each other context.

    ``make messages`` puts a string in the catalogue of the context whose folder holds it,
    when that context has a ``locale`` folder, and else in the project's (``LOCALE_PATHS``);
    core, the shared kernel, has none on purpose.
    """
    contexts = [app for app in apps.get_app_configs()
                if Path(app.path).parent == PACKAGE and app.label != "core"]
    return {Path(settings.LOCALE_PATHS[0]) / VI,
            *(Path(app.path) / "locale" / VI for app in contexts)}


CATALOGUES = sorted(expected_catalogues())


def test_there_is_a_catalogue_for_the_project_and_each_context():
    on_disk = {p.resolve() for p in [ROOT / "locale" / VI, *PACKAGE.glob(f"*/locale/{VI}")]
               if p.is_file()}
    assert on_disk == {p.resolve() for p in expected_catalogues()}


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
