"""The plan file says which budget lines are technical support (indicator I6) and which
plan technical guides (I7)."""

from decimal import Decimal

import pytest

from sxsh.indicators.engine.targets import marked_plans, support_plan
from sxsh.plans.planfile import PlanFileError, read_plan_file
from sxsh.plans.services import plan_load

from .conftest import SEED_FILE

pytestmark = pytest.mark.django_db


def test_the_seed_marks_lines_2_2_to_2_4_as_technical_support_and_2_1_as_guides(lines):
    assert {code: line.support for code, line in lines.items() if line.support} == {
        "2.1": "guides", "2.2": "pilot", "2.3": "quick", "2.4": "detailed"}


def test_the_seeds_planned_guides_are_one_a_year_from_2017_four_in_all(seed_plan):
    # 2.1 "Xây dựng sổ tay hướng dẫn kỹ thuật": qty 1 in each of 2017, 2018, 2019, 2020,
    # the I7 target of 4 documents.
    assert marked_plans(seed_plan)["I7"].planned == {
        2017: Decimal(1), 2018: Decimal(1), 2019: Decimal(1), 2020: Decimal(1)}


def test_the_seeds_planned_supports_are_ten_through_2020_and_five_through_2018(seed_plan):
    # 2.2 pilot 2018 1, 2019 1; 2.3 quick 2017 1, 2018 2, 2019 1, 2020 1;
    # 2.4 detailed 2018 1, 2019 1, 2020 1.
    planned = support_plan(seed_plan).planned
    assert planned == {2017: Decimal(1), 2018: Decimal(4), 2019: Decimal(3), 2020: Decimal(2)}
    assert sum(q for y, q in planned.items() if y <= 2018) == 5
    assert sum(planned.values()) == 10


def test_loading_the_seed_again_changes_nothing(seed_plan):
    assert not plan_load(spec=read_plan_file(SEED_FILE), user=None).changed


def test_an_unknown_kind_of_support_is_refused(tmp_path):
    text = SEED_FILE.read_text(encoding="utf-8").replace("support: pilot", "support: training")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError) as error:
        read_plan_file(path)
    assert any("2.2" in m and "support" in m for m in error.value.messages)
