"""A small annual report built by hand, its figures chosen so that each can be checked
in the documents: 5 of 8 facilities assessed is 62,5 %; the budget 1.200 + 350,5 = 1.550,5
million đồng."""

import pytest

from sxsh.reports.content import ChartSeries, ReportContent, Section, Signature, Table


@pytest.fixture
def content() -> ReportContent:
    indicators = Table(
        caption="Bảng 1. Các chỉ tiêu năm 2018",
        columns=["TT", "Chỉ tiêu", "Mục tiêu", "Kết quả"],
        rows=[["1", "Cơ sở được đánh giá SXSH", "50 %", "62,5 %"],
              ["2", "Cơ sở tiết kiệm năng lượng", "8 % – 13 %", "9,4 %"]],
        numeric=[False, False, True, True],
        note="Nguồn: Sở Công Thương tổng hợp.",
    )
    budget = Table(
        caption="Bảng 2. Kinh phí năm 2018 (triệu đồng)",
        columns=["Nguồn", "Kế hoạch", "Đã chi"],
        rows=[["Ngân sách tỉnh", "1.200", "1.150"], ["Doanh nghiệp", "350,5", "300"],
              ["Tổng cộng", "1.550,5", "1.450"]],
        numeric=[False, True, True],
        total_rows=[2],
    )
    chart = ChartSeries(title="Biểu đồ 1. Tỷ lệ cơ sở được đánh giá SXSH",
                        series=[(2016, 0.25), (2017, None), (2018, 0.625)], target=0.5,
                        target_label=("Mục tiêu", "50 %"))
    return ReportContent(
        kind="annual", year=2018, years=[2018], plan_code="157/KH-UBND",
        plan_title="Kế hoạch sản xuất sạch hơn trong công nghiệp giai đoạn 2016–2020",
        issuer_lines=["UBND TỈNH THỪA THIÊN HUẾ", "SỞ CÔNG THƯƠNG"],
        number="Số:      /BC-SCT", place_date="Thừa Thiên Huế, ngày 15 tháng 01 năm 2019",
        title="BÁO CÁO",
        subject="Kết quả thực hiện Kế hoạch sản xuất sạch hơn trong công nghiệp năm 2018",
        sections=[
            Section(number="I.", heading="KẾT QUẢ THỰC HIỆN",
                    paragraphs=["Năm 2018, Sở Công Thương đã hỗ trợ 8 cơ sở áp dụng sản xuất "
                                "sạch hơn; 5 cơ sở đã được đánh giá."],
                    tables=[indicators, budget], charts=[chart],
                    subsections=[Section(number="1.", heading="Tuyên truyền, nâng cao nhận thức",
                                         paragraphs=["Tổ chức 3 hội thảo với 240 lượt người."])]),
            Section(number="II.", heading="KHÓ KHĂN, VƯỚNG MẮC",
                    paragraphs=["Kinh phí đối ứng của doanh nghiệp còn hạn chế."],
                    narrative_key="difficulties"),
        ],
        signature=Signature(capacity=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], name="Nguyễn Văn An"),
        recipients=["- UBND tỉnh;", "- Bộ Công Thương;", "- Lưu: VT, QLCN."],
    )
