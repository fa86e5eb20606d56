from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sxsh.core.exporting import FORMATS, export, write_command_output
from sxsh.core.models import User
from sxsh.plans.exports import execution_columns, execution_rows
from sxsh.plans.selectors import plan_by_key, year_execution


class Command(BaseCommand):
    help = ("Write a year's budget of a plan (one row per budget line and source: planned, "
            "estimated, appraised, approved, committed, disbursed, settled, in million VND, "
            "and the line's warnings; then a total row per source and one for the year) as "
            "CSV or XLSX with Vietnamese headers. Activities' costs count as disbursed.")

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's code or number (157/KH-UBND)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        plan = plan_by_key(options["plan"])
        if plan is None:
            raise CommandError(_("No plan has the code or number %(key)r.")
                               % {"key": options["plan"]})
        if options["year"] not in plan.years:
            raise CommandError(_("The year %(year)s is outside the plan's period %(first)s–"
                                 "%(last)s.") % {"year": options["year"],
                                                 "first": plan.start_year,
                                                 "last": plan.end_year})
        # The command line reads the whole budget work, as an administrator does.
        everything = User(username="command-line", is_superuser=True, is_active=True)
        execution = year_execution(plan, options["year"], user=everything)
        write_command_output(
            export(options["fmt"], execution_columns(), execution_rows(execution),
                   title=f"{plan.code}-{options['year']}"),
            fmt=options["fmt"], output=options["output"], stdout=self.stdout)
