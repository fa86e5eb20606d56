"""The plan's pages: as issued, in Vietnamese, readable by all, checker for those who keep it."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)


def test_the_public_sees_the_plan_list(client, seed_plan, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, page (with issuer)
        response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    assert "157/KH-UBND" in response.content.decode()
    assert "31/10/2016" in response.content.decode()


def test_the_plan_list_has_an_empty_state(client, reference):
    response = client.get(reverse("plans:list"))
    assert "Chưa có kế hoạch nào được nạp" in response.content.decode()


def test_the_plan_page_shows_the_plan_as_issued(client, users, seed_plan):
    _login(client, users["doitac"])
    page = client.get(reverse("plans:detail", args=[seed_plan.code])).content.decode()
    assert "Số 157/KH-UBND ngày 31/10/2016" in page
    assert "Căn cứ Quyết định số 1419/QĐ-TTg" in page
    assert "Mục tiêu cụ thể" in page
    # I2: 50 % in the province, 90 % nationally, side by side
    assert '<td class="num">50 %</td>\n    <td class="num">90 %</td>' in page
    assert "8 %–13 %" in page
    assert "Trung tâm Khuyến công và Xúc tiến thương mại" in page


def test_the_budget_table_shows_the_seed_totals_in_vietnamese_format(client, seed_plan):
    page = client.get(reverse("plans:detail", args=[seed_plan.code])).content.decode()
    total = page[page.index('<tr class="total">'):]
    total = total[:total.index("</tr>")]
    cells = [c.split("</td>")[0] for c in total.split('<td class="num">')[1:]]
    # 2016 (no budget), 2017, 2018, 2019, 2020, total, central, local, enterprise
    assert cells == ["", "315", "1.375", "1.365", "305", "3.360", "700", "1.660", "1.000"]
    assert "Học tập kinh nghiệm" in page


def test_the_plan_page_reads_the_plan_in_a_fixed_number_of_queries(
        client, seed_plan, django_assert_num_queries):
    # plan, legal bases, objectives, targets, task groups, tasks, partners,
    # funding sources, budget lines, amounts, source amounts, task groups (budget)
    with django_assert_num_queries(12):
        client.get(reverse("plans:detail", args=[seed_plan.code]))


def test_an_unknown_plan_is_404(client, reference):
    assert client.get(reverse("plans:detail", args=["khong-co"])).status_code == 404


def test_the_officer_sees_the_findings_on_the_check_page(client, users, seed_plan):
    _login(client, users["canbo"])
    response = client.get(reverse("plans:check", args=[seed_plan.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nhiệm vụ 1.4: Phụ lục I ghi thời gian thực hiện 2018" in page
    assert "10 phát hiện." in page


def test_the_check_page_names_each_kind_of_finding_in_vietnamese(
        client, users, seed_plan, django_assert_num_queries):
    _login(client, users["canbo"])
    # session, user, plan; the checker's 8
    with django_assert_num_queries(11):
        page = client.get(reverse("plans:check", args=[seed_plan.code])).content.decode()
    kinds = re.findall(r'<tr data-kind="(\w+)">\s*<td><span class="badge[^"]*">([^<]+)</span>'
                       r'</td>\s*<td>([^<]+)</td>', page)
    assert sorted(set(kinds)) == [
        ("content_differs", "Ghi chú", "Nhiệm vụ và dòng kinh phí ghi khác nhau"),
        ("missing_field", "Ghi chú", "Thông tin còn trống ở Phụ lục I"),
        ("numbering", "Cảnh báo", "Số thứ tự giữa các phụ lục"),
        ("task_without_budget", "Cảnh báo", "Nhiệm vụ chưa có kinh phí"),
        ("text_quantity", "Cảnh báo", "Số lượng nêu trong văn bản"),
        ("timeframe", "Cảnh báo", "Thời gian thực hiện và năm bố trí kinh phí"),
    ]
    shown = re.sub(r'data-kind="\w+"', "", page)
    assert not [code for code, _severity, _label in kinds if code in shown]


def test_every_kind_of_finding_the_checker_makes_has_a_vietnamese_label():
    import inspect

    from sxsh.plans import checks

    made = set(re.findall(r'Finding\("(\w+)"', inspect.getsource(checks)))
    assert made == set(checks.KIND_LABELS) and len(made) == 13
    assert all(not str(label).isascii() for label in checks.KIND_LABELS.values())


def test_the_check_page_gives_json(client, users, seed_plan):
    _login(client, users["taichinh"])
    data = client.get(reverse("plans:check", args=[seed_plan.code]), {"format": "json"}).json()
    assert len(data) == 10
    assert {"numbering", "timeframe", "text_quantity"} <= {f["kind"] for f in data}


@pytest.mark.parametrize("username", ["doanhnghiep", "diaphuong", "tuvan"])
def test_the_check_page_is_refused_to_roles_that_do_not_keep_the_plan(
        client, users, seed_plan, username):
    _login(client, users[username])
    assert client.get(reverse("plans:check", args=[seed_plan.code])).status_code == 403


def test_the_public_is_sent_to_log_in_for_the_check_page(client, seed_plan):
    response = client.get(reverse("plans:check", args=[seed_plan.code]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_appendix_ii_downloads_as_xlsx_and_csv(client, seed_plan):
    response = client.get(reverse("plans:download", args=[seed_plan.code, "II", "xlsx"]))
    assert response.status_code == 200
    assert 'filename="157-kh-ubnd-2016-phu-luc-ii.xlsx"' in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(row=ws.max_row, column=14).value == 3360
    csv = client.get(reverse("plans:download", args=[seed_plan.code, "II", "csv"]))
    assert csv.content.decode().splitlines()[-1].endswith(",3360,700,1660,1000")


def test_an_unknown_appendix_or_format_is_404(client, seed_plan):
    assert client.get(reverse("plans:download", args=[seed_plan.code, "III", "csv"])
                      ).status_code == 404
    assert client.get(reverse("plans:download", args=[seed_plan.code, "I", "pdf"])
                      ).status_code == 404


def test_the_home_page_shows_the_current_plan(client, seed_plan, second_plan):
    page = client.get(reverse("welcome")).content.decode()
    block = page[page.index('id="plan-home"'):]
    # The 2021–2025 plan is the latest period, so it is the current one.
    assert "99/KH-UBND" in block[:block.index("</div>")]


def test_the_home_page_summarises_the_seed_budget(client, seed_plan):
    page = client.get(reverse("welcome")).content.decode()
    assert "2016–2020: 13 nhiệm vụ" in page
    assert "3.360" in page and "Ngân sách TW 700" in page


def test_the_home_page_has_no_plan_block_without_a_plan(client, reference):
    assert 'id="plan-home"' not in client.get(reverse("welcome")).content.decode()


def test_the_administrator_opens_the_plan_in_the_administration_area(client, users, seed_plan):
    client.force_login(users["admin"])
    for name in ("plans_plan_changelist", "plans_budgetline_changelist",
                 "plans_task_changelist"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200
    assert client.get(reverse("admin:plans_plan_change", args=[seed_plan.pk])).status_code == 200


def test_the_officer_is_not_let_into_the_administration_area(client, users, seed_plan):
    client.force_login(users["canbo"])
    assert client.get(reverse("admin:plans_plan_changelist")).status_code == 302
