from decimal import Decimal

from django.utils import translation

from sxsh.core.templatetags.sxsh import num, pct


def test_figures_are_written_as_the_province_writes_them():
    with translation.override("vi"):
        assert num(Decimal("3360")) == "3.360"
        assert num(Decimal("1375.000")) == "1.375"
        assert num(Decimal("0.66666"), 2) == "0,67"
        assert pct(Decimal("0.085")) == "8,5 %"
        assert pct(None) == "–"


def test_percentages_round_half_up_rather_than_cut():
    with translation.override("vi"):
        assert pct(3 / 7) == "42,9 %"      # 42.857… %
        assert pct(Decimal("0.12345"), 2) == "12,35 %"
        assert pct(Decimal("0.125"), 0) == "13 %"
