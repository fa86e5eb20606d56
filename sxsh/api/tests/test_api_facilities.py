"""``/api/v1/facilities/``: the register through a token, scoped and checked as its pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sxsh.facilities.models import Facility

pytestmark = pytest.mark.django_db

LIST = "/api/v1/facilities/"


def detail(facility: Facility) -> str:
    return f"{LIST}{facility.pk}/"


NEW = {"tax_code": "3301234567", "name": "Công ty Gạch Phú Vang", "admin_unit": "phu-vang",
       "vsic": "23", "employees": 150, "revenue_bn_vnd": "150", "capital_bn_vnd": "10",
       "opened_year": 2012}


@pytest.fixture
def world(make_facility, users):
    return {"own": make_facility(name="Bia Huế", accounts=[users["doanhnghiep"]]),
            "near": make_facility(name="Dệt Phú Vang"),
            "far": make_facility(name="Xi măng Hương Thủy", admin_unit_code="huong-thuy")}


def names(answer) -> list[str]:
    assert answer.status_code == 200, answer.content
    return [f["name"] for f in answer.json()["results"]]


def test_an_enterprise_token_reads_its_own_facility_and_no_other(api, world):
    client = api("doanhnghiep")
    assert names(client.get(LIST)) == ["Bia Huế"]
    assert client.get(detail(world["own"])).status_code == 200
    assert client.get(detail(world["near"])).status_code == 404
    # nor writes it: the register is not the enterprise's to write at all
    assert client.patch(detail(world["near"]), {"name": "X"}, format="json",
                        HTTP_IF_MATCH="*").status_code == 403


def test_a_local_point_s_token_stays_in_its_area(api, world):
    client = api("diaphuong")  # Phú Vang
    assert names(client.get(LIST)) == ["Bia Huế", "Dệt Phú Vang"]
    assert client.get(detail(world["far"])).status_code == 404
    assert client.patch(detail(world["far"]), {"name": "X"}, format="json",
                        HTTP_IF_MATCH="*").status_code == 404
    answer = client.post(LIST, {**NEW, "admin_unit": "huong-thuy"}, format="json")
    assert (answer.status_code, answer.json()) == (
        400, {"admin_unit": ["Đơn vị này nằm ngoài địa bàn của bạn."]})
    assert not Facility.objects.filter(tax_code=NEW["tax_code"]).exists()


def test_it_registers_a_facility_through_the_service(api, world):
    answer = api("diaphuong").post(LIST, NEW, format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    # 150 employees and 150 billion VND of revenue: medium under Decree 80 (as the form)
    assert (body["size_class"], body["admin_unit"], body["vsic"]) == ("medium", "phu-vang", "23")
    assert body["revenue_bn_vnd"] == "150.000"
    assert answer["ETag"]
    assert Facility.objects.get(tax_code="3301234567").name == "Công ty Gạch Phú Vang"


def test_it_answers_the_service_s_errors_by_field(api, world):
    answer = api("canbo").post(LIST, {**NEW, "tax_code": world["own"].tax_code,
                                      "closed_year": 2011}, format="json")
    assert (answer.status_code, answer.json()) == (400, {
        "tax_code": ["Một cơ sở khác đã có mã số thuế này."],
        "closed_year": ["Năm ngừng hoạt động không thể trước năm bắt đầu."],
    })


def test_it_filters_by_unit_sector_size_and_a_search_without_diacritics(api, world,
                                                                       make_facility):
    make_facility(name="Gốm Hương Thủy", admin_unit_code="huong-thuy", vsic_code="23",
                  size="medium")
    client = api("canbo")
    assert names(client.get(LIST, {"admin_unit": "huong-thuy"})) == [
        "Gốm Hương Thủy", "Xi măng Hương Thủy"]
    assert names(client.get(LIST, {"vsic": "23"})) == ["Gốm Hương Thủy"]
    assert names(client.get(LIST, {"size_class": "medium"})) == ["Gốm Hương Thủy"]
    assert names(client.get(LIST, {"q": "huong thuy"})) == ["Gốm Hương Thủy",
                                                            "Xi măng Hương Thủy"]
    assert names(client.get(LIST, {"ordering": "-name"}))[0] == "Xi măng Hương Thủy"


def test_an_update_needs_if_match_and_is_refused_when_someone_changed_the_facility(api, world):
    client = api("canbo")
    url = detail(world["near"])
    read = client.get(url)
    tag = read["ETag"]
    answer = client.patch(url, {"employees": 60}, format="json")
    assert answer.status_code == 428
    Facility.objects.filter(pk=world["near"].pk).update(name="Dệt may Phú Vang")  # another
    answer = client.patch(url, {"employees": 60}, format="json", HTTP_IF_MATCH=tag)
    assert answer.status_code == 412
    world["near"].refresh_from_db()
    assert world["near"].employees == 50  # not written
    fresh = client.get(url)["ETag"]
    assert fresh != tag
    answer = client.patch(url, {"employees": 60}, format="json", HTTP_IF_MATCH=fresh)
    assert answer.status_code == 200, answer.content
    assert (answer.json()["employees"], answer.json()["name"]) == (60, "Dệt may Phú Vang")
    assert answer["ETag"] not in (tag, fresh)


def test_a_put_replaces_the_writable_fields(api, world):
    client = api("canbo")
    url = detail(world["near"])
    tag = client.get(url)["ETag"]
    answer = client.put(url, {**NEW, "tax_code": world["near"].tax_code}, format="json",
                        HTTP_IF_MATCH=tag)
    assert answer.status_code == 200, answer.content
    world["near"].refresh_from_db()
    assert (world["near"].vsic.code, world["near"].revenue_bn_vnd,
            world["near"].closed_year) == ("23", Decimal("150.000"), None)


def test_only_an_officer_publishes_a_facility(api, world):
    url = detail(world["near"])
    local = api("diaphuong")
    local.patch(url, {"published": True}, format="json", HTTP_IF_MATCH=local.get(url)["ETag"])
    world["near"].refresh_from_db()
    assert world["near"].published is False  # read-only for the local point, as on the form
    officer = api("canbo")
    officer.patch(url, {"published": True}, format="json",
                  HTTP_IF_MATCH=officer.get(url)["ETag"])
    world["near"].refresh_from_db()
    assert world["near"].published is True


#: The token with its user, the count, the page; a local point's area first (its unit, the
#: units' tree, the mergers: ``User.area_unit_ids``).
LIST_QUERIES = {"canbo": 3, "diaphuong": 6, "doanhnghiep": 3}


@pytest.mark.parametrize("username", sorted(LIST_QUERIES))
def test_the_list_takes_the_same_number_of_queries_for_one_facility_or_many(
        api, users, make_facility, django_assert_num_queries, username):
    client = api(username)
    make_facility(accounts=[users["doanhnghiep"]])
    client.get(LIST)  # the token's first use is noted (one write a minute)
    with django_assert_num_queries(LIST_QUERIES[username]):
        assert len(client.get(LIST).json()["results"]) == 1
    for _ in range(4):
        make_facility(accounts=[users["doanhnghiep"]])
    with django_assert_num_queries(LIST_QUERIES[username]):
        assert len(client.get(LIST).json()["results"]) == 5
