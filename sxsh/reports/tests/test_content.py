from sxsh.reports.content import ChartSeries, ReportContent, Section, Signature, Table


def _content() -> ReportContent:
    return ReportContent(
        kind="annual", year=2018, years=[2018], plan_code="157/KH-UBND",
        plan_title="Kế hoạch sản xuất sạch hơn", issuer_lines=["UBND TỈNH", "SỞ CÔNG THƯƠNG"],
        number="Số:      /BC-SCT", place_date="Huế, ngày … tháng … năm 2019", title="BÁO CÁO",
        subject="Kết quả năm 2018",
        sections=[Section(number="I.", heading="Kết quả", paragraphs=["Đoạn một."],
                          tables=[Table(caption="Bảng 1", columns=["A", "B"],
                                        rows=[["x", "1,5"]], numeric=[False, True])],
                          charts=[ChartSeries(title="I1", series=[(2017, 0.25), (2018, None)],
                                              target=0.5, target_label=("Mục tiêu", "50 %"))],
                          subsections=[Section(number="1.", heading="Con",
                                               narrative_key="difficulties")])],
        signature=Signature(capacity=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], name="Nguyễn Văn A"),
        recipients=["- UBND tỉnh;", "- Lưu: VT."],
        factors={"EF lưới điện 2018": "0,9130 tCO2/MWh (Bộ TN&MT)"},
    )


def test_it_comes_back_equal_from_its_json_form():
    import json

    content = _content()
    again = ReportContent.from_dict(json.loads(json.dumps(content.to_dict())))
    assert again == content
    assert again.sections[0].charts[0].series == [(2017, 0.25), (2018, None)]
    assert again.sections[0].subsections[0].narrative_key == "difficulties"
