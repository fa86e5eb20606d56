from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sxsh.core.exporting import write_command_output
from sxsh.plans.exports import APPENDICES, FORMATS, plan_export
from sxsh.plans.selectors import plan_by_key


class Command(BaseCommand):
    help = "Write Appendix I or II of a plan as CSV or XLSX (to a file or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's code or number (157/KH-UBND)")
        parser.add_argument("--appendix", choices=APPENDICES, required=True)
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        plan = plan_by_key(options["plan"])
        if plan is None:
            raise CommandError(_("No plan has the code or number %(key)r.")
                               % {"key": options["plan"]})
        write_command_output(plan_export(plan, appendix=options["appendix"], fmt=options["fmt"]),
                             fmt=options["fmt"], output=options["output"], stdout=self.stdout)
