"""The guides' files: every role and the visitor has one, each task has one picture that
exists (and every picture is used), and every anchor the section map names is in its guide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from sxsh.core.scoping import Role
from sxsh.core.tests.test_permission_matrix import ALL_URLS
from sxsh.help.guides import GUIDE_NAMES, GUIDES_DIR, guide
from sxsh.help.sections import SECTIONS

STATIC = Path(__file__).resolve().parent.parent / "static"
PICTURES = STATIC / "help"


def test_it_has_a_guide_for_each_of_the_nine_roles_and_the_visitor():
    assert GUIDE_NAMES == ("admin", "officer", "consultant", "finance", "partner", "local",
                           "enterprise", "viewer", "ministry", "visitor")
    assert sorted(p.stem for p in GUIDES_DIR.glob("*.md")) == sorted(GUIDE_NAMES)
    assert set(Role.values) < set(GUIDE_NAMES)


@pytest.mark.parametrize("name", GUIDE_NAMES)
def test_each_guide_is_titled_in_vietnamese_and_says_what_the_role_does_first(name):
    text = (GUIDES_DIR / f"{name}.md").read_text(encoding="utf-8")
    assert guide(name).title.startswith("Hướng dẫn cho ")
    # the role's work in a paragraph, before the first task
    intro = text.split("\n## ", 1)[0].split("\n", 1)[1].strip()
    assert len(intro) > 150


@pytest.mark.parametrize("name", GUIDE_NAMES)
def test_each_task_is_numbered_steps_with_one_picture_and_an_anchor(name):
    text = (GUIDES_DIR / f"{name}.md").read_text(encoding="utf-8")
    tasks = text.split("\n## ")[1:]
    assert len(tasks) >= 3
    for task in tasks:
        heading = task.split("\n", 1)[0]
        assert re.search(r"\{#[a-z0-9-]+\}$", heading), heading
        assert re.search(r"^1\. ", task, re.MULTILINE), heading
        assert len(re.findall(r"!\[[^\]]+\]\(help/[a-z-]+\.png\)", task)) == 1, heading


def test_every_picture_a_guide_shows_exists_with_a_vietnamese_alt_text():
    shown = [(name, src, alt) for name in GUIDE_NAMES for src, alt in guide(name).images]
    assert len(shown) == 42
    assert [src for _, src, _ in shown if not (STATIC / src).is_file()] == []
    # each guide shows its own pictures, named after it
    assert [src for name, src, _ in shown if not src.startswith(f"help/{name}-")] == []
    assert [src for _, src, alt in shown if len(alt) < 15] == []


def test_every_picture_in_the_folder_is_shown_by_a_guide():
    shown = {src for name in GUIDE_NAMES for src, _ in guide(name).images}
    assert {f"help/{p.name}" for p in PICTURES.glob("*.png")} == shown
    assert [p.name for p in PICTURES.iterdir() if p.suffix not in (".png", ".css")] == []


def test_every_picture_is_a_png_at_most_1280_px_wide_and_under_150_kb():
    wrong = []
    for picture in sorted(PICTURES.glob("*.png")):
        with Image.open(picture) as image:
            if image.format != "PNG" or image.width > 1280 or image.width < 600:
                wrong.append((picture.name, image.format, image.size))
        if picture.stat().st_size >= 150_000:
            wrong.append((picture.name, picture.stat().st_size))
    assert wrong == []


def test_the_guide_renders_anchored_headings_and_pictures_from_the_static_files():
    html = guide("officer").html
    assert '<h2 id="review">Duyệt báo cáo năm</h2>' in html
    assert ('<img alt="Màn hình duyệt báo cáo năm: số liệu năm nay bên cạnh năm trước, ô ý '
            'kiến và hai nút Chấp nhận, Trả lại" src="/static/help/officer-review.png">') in html


def test_every_anchor_the_section_map_names_exists_in_the_guide_it_points_to():
    assert set(SECTIONS) == set(GUIDE_NAMES)
    missing = [(name, anchor) for name, pages in SECTIONS.items()
               for anchor in pages.values() if anchor not in guide(name).anchors]
    assert missing == []


def test_the_section_map_names_only_pages_that_exist():
    names = {url for pages in SECTIONS.values() for url in pages}
    assert sorted(names - set(ALL_URLS)) == []


def test_each_task_of_a_guide_is_reached_from_at_least_one_page():
    unreached = [(name, anchor) for name in GUIDE_NAMES
                 for anchor in guide(name).anchors - set(SECTIONS[name].values())]
    # Accounts are kept in the administration area, whose pages draw Django's own header
    # (no "Hướng dẫn" link there): the section is read from the guide's start.
    assert unreached == [("admin", "users")]
