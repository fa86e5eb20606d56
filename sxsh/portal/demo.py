"""A few clearly labelled demo pieces for the CP section, so that ``make run`` shows a
living portal: every title starts with "[DEMO] ", every row is ``is_demo=True``.
Deterministic and idempotent (an address already taken is left as it is)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from sxsh.assessments.library import IMPLEMENTED
from sxsh.assessments.models import Option
from sxsh.core.models import VsicDivision
from sxsh.facilities.models import Facility

from .models import Article, CaseStudy, CaseStudyPicture, Category, Document, Status

DEMO = "[DEMO] "
HUE = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 9, 0, tzinfo=HUE)


def _pdf(title: str) -> bytes:
    """A one-page PDF that says it is a demo document (ASCII text: the PDF base fonts)."""
    text = f"DEMO - {title}".encode("ascii", "replace")
    stream = b"BT /F1 14 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 4 0 R>>>>"
        b"/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return out


ARTICLES = [
    ("demo-hoi-thao-sxsh-2018", "Hội thảo giới thiệu sản xuất sạch hơn cho doanh nghiệp",
     "Sở Công Thương tổ chức hội thảo giới thiệu lợi ích của sản xuất sạch hơn.",
     "Hội thảo có **60 doanh nghiệp** tham dự.\n\n## Nội dung\n\n- Lợi ích của SXSH\n"
     "- Các bước đánh giá nhanh\n- Hỗ trợ kỹ thuật của chương trình", _at(2018, 5, 10)),
    ("demo-tap-huan-danh-gia-nhanh", "Tập huấn đánh giá nhanh sản xuất sạch hơn",
     "Lớp tập huấn cho cán bộ kỹ thuật các cơ sở chế biến thực phẩm.",
     "Học viên thực hành đánh giá nhanh tại một nhà máy chế biến.", _at(2019, 8, 20)),
    ("demo-ket-qua-chuong-trinh-2020", "Kết quả chương trình sản xuất sạch hơn 2016–2020",
     "Tổng kết kết quả thực hiện kế hoạch sản xuất sạch hơn trong công nghiệp.",
     "Xem các [chỉ tiêu công khai](/indicators/public/) để biết số liệu.", _at(2020, 12, 15)),
]
#: (address, title, type, number, issuer, VSIC divisions, published)
DOCUMENTS = [
    ("demo-huong-dan-che-bien-thuc-pham", "Hướng dẫn kỹ thuật SXSH ngành chế biến thực phẩm",
     Document.Kind.GUIDE, "", "Sở Công Thương", ["10"], _at(2017, 11, 1)),
    ("demo-huong-dan-san-xuat-do-uong", "Hướng dẫn kỹ thuật SXSH ngành sản xuất đồ uống",
     Document.Kind.GUIDE, "", "Sở Công Thương", ["11"], _at(2018, 10, 1)),
    ("demo-huong-dan-chung", "Hướng dẫn chung về sản xuất sạch hơn trong công nghiệp",
     Document.Kind.GUIDE, "", "Sở Công Thương", [], _at(2019, 9, 1)),
    ("demo-quyet-dinh-chien-luoc-sxsh", "Chiến lược sản xuất sạch hơn trong công nghiệp",
     Document.Kind.LEGAL, "DEMO-1419/QĐ-TTg", "Thủ tướng Chính phủ", [], _at(2016, 6, 1)),
    ("demo-so-tay-sxsh", "Sổ tay sản xuất sạch hơn cho doanh nghiệp nhỏ và vừa",
     Document.Kind.HANDBOOK, "", "Trung tâm Khuyến công", [], _at(2018, 3, 1)),
]


#: The demo case study's gallery: (description, caption, colour).
PICTURES = [
    ("[DEMO] Ảnh minh họa: lò hơi sau khi thay mới", "Lò hơi tiết kiệm nhiên liệu", "#2e7d32"),
    ("[DEMO] Ảnh minh họa: đường ống hơi được bảo ôn", "", "#1565c0"),
    ("[DEMO] Ảnh minh họa: khu vực rửa chai tuần hoàn nước", "Nước rửa được dùng lại",
     "#6d4c41"),
]


def _picture(number: int, colour: str) -> ContentFile:
    """A plain JPEG that says it is a demo picture (ASCII text: Pillow's own font)."""
    picture = Image.new("RGB", (800, 500), colour)
    ImageDraw.Draw(picture).text((40, 40), f"DEMO {number}", fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="image.jpg")


def _case_study_facility() -> tuple[Facility | None, list[Option]]:
    """A demo facility that agreed to publication, preferring one with implemented
    options (the demo assessments'), and those options."""
    options = list(Option.objects.filter(
        status__in=IMPLEMENTED, assessment__facility__is_demo=True,
        assessment__facility__published=True).select_related("assessment__facility")
        .order_by("assessment__facility__tax_code", "code"))
    if options:
        facility = options[0].assessment.facility
        return facility, [o for o in options if o.assessment.facility_id == facility.pk]
    facility = Facility.objects.filter(is_demo=True, published=True).order_by(
        "tax_code").first()
    return facility, []


@transaction.atomic
def demo_portal_ensure() -> int:
    """Create the demo pieces that are missing; returns how many were created."""
    created = 0
    category, _new = Category.objects.get_or_create(slug="demo-tin-hoat-dong",
                                                    defaults={"name": "[DEMO] Tin hoạt động"})
    for slug, title, summary, body, published_at in ARTICLES:
        _obj, new = Article.objects.get_or_create(slug=slug, defaults={
            "title": DEMO + title, "summary": summary, "body": body, "category": category,
            "status": Status.PUBLISHED, "published_at": published_at, "is_demo": True})
        created += new
    for slug, title, kind, number, issuer, sectors, published_at in DOCUMENTS:
        if Document.objects.filter(slug=slug).exists():
            continue
        document = Document.objects.create(
            slug=slug, title=DEMO + title, kind=kind, number=number, issuer=issuer,
            issued_on=published_at.date(), summary=f"Tài liệu minh họa: {title.lower()}.",
            status=Status.PUBLISHED, published_at=published_at, is_demo=True,
            file=ContentFile(_pdf(slug), name="document.pdf"))
        document.vsic_divisions.set(VsicDivision.objects.filter(code__in=sectors))
        created += 1
    facility, options = _case_study_facility()
    if facility is not None and not CaseStudy.objects.filter(slug="demo-dien-hinh").exists():
        study = CaseStudy.objects.create(
            slug="demo-dien-hinh", facility=facility, is_demo=True, featured=True,
            title=DEMO + f"Mô hình điển hình: {facility.name.removeprefix(DEMO)}",
            summary="Cơ sở đã áp dụng các giải pháp sản xuất sạch hơn và tiết kiệm năng lượng.",
            what_changed="\n".join(f"- {o.description}" for o in options)
            or "Sắp xếp lại nội vi, kiểm soát rò rỉ hơi và nước.",
            cost_million_vnd=sum((o.investment_mvnd for o in options), Decimal(0)) or None,
            saving_million_vnd_per_year=sum((o.annual_saving_mvnd for o in options),
                                            Decimal(0)) or None,
            status=Status.PUBLISHED, published_at=_at(2019, 3, 1))
        study.options.set(options)
        for position, (alt, caption, colour) in enumerate(PICTURES, start=1):
            CaseStudyPicture.objects.create(case_study=study, alt=alt, caption=caption,
                                            position=position, image=_picture(position, colour))
        created += 1
    return created
