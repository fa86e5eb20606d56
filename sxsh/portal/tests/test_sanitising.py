"""Text officers write is Markdown; whatever script it carries never reaches a page."""

import pytest
from django.test import Client

from sxsh.portal.text import render_markdown

pytestmark = pytest.mark.django_db

HOSTILE = ('Xin chào <script>alert("x")</script>\n\n'
           '<img src=x onerror="alert(1)">\n\n'
           '[bấm vào](javascript:alert(2)) <a href="https://moit.gov.vn" onclick="x()">Bộ</a>\n\n'
           '<iframe src="https://evil.example"></iframe><style>body{}</style>')


def test_it_drops_script_handlers_and_javascript_links():
    html = render_markdown(HOSTILE)
    for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<style", "<img"):
        assert bad not in html, bad
    assert '<a href="https://moit.gov.vn" rel="noopener noreferrer nofollow">Bộ</a>' in html


def test_it_keeps_the_formatting_officers_write():
    assert render_markdown("## Mục\n\n**đậm** và *nghiêng*\n\n- một\n- hai") == (
        "<h2>Mục</h2>\n<p><strong>đậm</strong> và <em>nghiêng</em></p>\n"
        "<ul>\n<li>một</li>\n<li>hai</li>\n</ul>")


def test_an_article_page_carries_no_script_from_its_content(make_article):
    make_article('Tiêu đề <script>alert(3)</script>', "doc-hai", body=HOSTILE,
                 summary='<b onmouseover="x()">tóm tắt</b>')
    page = Client().get("/news/doc-hai/").content.decode()
    assert "<script>alert" not in page and "onerror" not in page
    assert "javascript:" not in page and 'onmouseover="x()"' not in page
    assert "Tiêu đề &lt;script&gt;alert(3)&lt;/script&gt;" in page
