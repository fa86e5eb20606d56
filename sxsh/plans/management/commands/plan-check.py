import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sxsh.plans.checks import plan_findings
from sxsh.plans.selectors import plan_by_key


class Command(BaseCommand):
    help = "Cross-check a plan against itself: sums, timeframes, numbering, stated quantities."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's code or number (157/KH-UBND)")
        parser.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")

    def handle(self, *args, **options):
        plan = plan_by_key(options["plan"])
        if plan is None:
            raise CommandError(_("No plan has the code or number %(key)r.")
                               % {"key": options["plan"]})
        findings = plan_findings(plan)
        if options["fmt"] == "json":
            self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False,
                                         indent=2))
            return
        if not findings:
            self.stdout.write(_("No findings: the plan is consistent."))
            return
        for finding in findings:
            codes = ", ".join(finding.task_codes)
            self.stdout.write(f"[{finding.severity_label}] {finding.kind_label}"
                              f"{f' ({codes})' if codes else ''}: {finding.message}")
        self.stdout.write(_("%(n)d findings.") % {"n": len(findings)})
