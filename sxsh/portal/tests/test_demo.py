"""The demo CP section: clearly labelled, idempotent, and shown on the public pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sxsh.portal import files
from sxsh.portal.demo import demo_portal_ensure
from sxsh.portal.models import Article, CaseStudy, Document

pytestmark = pytest.mark.django_db


def test_it_creates_labelled_demo_content_once(make_facility):
    make_facility(name="[DEMO] Nhà máy bia", is_demo=True, published=True)
    # 3 articles, 3 guides, a legal document, a handbook and a case study.
    assert demo_portal_ensure() == 9
    assert demo_portal_ensure() == 0
    pieces = [*Article.objects.all(), *Document.objects.all(), *CaseStudy.objects.all()]
    assert all(p.title.startswith("[DEMO] ") and p.is_demo for p in pieces)
    assert Document.objects.filter(kind="guide").count() == 3


def test_the_demo_shows_on_the_home_page_and_its_files_are_real_pdfs(make_facility):
    make_facility(name="[DEMO] Nhà máy bia", is_demo=True, published=True)
    demo_portal_ensure()
    page = Client().get("/").content.decode()
    assert "[DEMO] Kết quả chương trình sản xuất sạch hơn 2016–2020" in page
    assert "[DEMO] Mô hình điển hình: Nhà máy bia" in page
    study = Client().get("/case-studies/demo-dien-hinh/").content.decode()
    assert study.count('alt="[DEMO] Ảnh minh họa: ') == 3
    picture = CaseStudy.objects.get().pictures.first()
    served = Client().get(f"/picture/case-study/demo-dien-hinh/{picture.pk}/")
    content = b"".join(served.streaming_content)
    assert files.image_format(SimpleUploadedFile("x", content)) == "JPEG"
    response = Client().get("/library/demo-huong-dan-chung/download/")
    content = b"".join(response.streaming_content)
    assert files.document_type(SimpleUploadedFile("x", content)) == "pdf"


def test_without_a_consenting_facility_there_is_no_demo_case_study(make_facility):
    make_facility(name="[DEMO] Cơ sở kín", is_demo=True, published=False)
    assert demo_portal_ensure() == 8
    assert not CaseStudy.objects.exists()
