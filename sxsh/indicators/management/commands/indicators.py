"""``sxsh indicators --year YYYY [filters] --format json``: the plan's indicators for a year;
``sxsh indicators --rebuild-summary``: the reports' summary computed afresh."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from sxsh.core.formatting import number, percent
from sxsh.core.years import year_error
from sxsh.indicators.cards import board_json
from sxsh.indicators.engine import DEFINITIONS, board, build_scope, summary


class Command(BaseCommand):
    help = "Compute the plan's indicators I1–I7 for a year and a scope."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--rebuild-summary", action="store_true",
                            help="compute the reports' summary afresh from the reports")
        parser.add_argument("--admin-unit", default="",
                            help="code or name of an administrative unit (old or current)")
        parser.add_argument("--vsic", default="", help="VSIC 2018 division, e.g. 10")
        parser.add_argument("--size", default="", help="micro, small, medium or large")
        parser.add_argument("--provisional", action="store_true",
                            help="also count submitted reports")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, **options) -> None:
        if options["rebuild_summary"]:
            with transaction.atomic():
                count = summary.rebuild()
            self.stdout.write(_("The reports' summary was computed afresh: %(count)s rows.")
                              % {"count": count})
            return
        if options["year"] is None:
            raise CommandError(_("Give --year, or --rebuild-summary."))
        if year_error(options["year"], future=True):
            raise CommandError(year_error(options["year"], future=True))
        try:
            scope = build_scope(
                admin_unit=options["admin_unit"], vsic=options["vsic"], size=options["size"],
                provisional=options["provisional"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        result = board(scope, options["year"], series=False)
        if options["format"] == "json":
            self.stdout.write(json.dumps(board_json(result), ensure_ascii=False, indent=2))
            return
        for code, r in result.results.items():
            value, num, den = percent(r.value), number(r.numerator), number(r.denominator)
            self.stdout.write(f"{code}  {DEFINITIONS[code].name}: {num}/{den} = {value}")
