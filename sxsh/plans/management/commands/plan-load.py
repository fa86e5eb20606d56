from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sxsh.core.commandline import add_user_argument, command_actor
from sxsh.plans.planfile import PlanFileError, read_plan_file
from sxsh.plans.services import plan_load


class Command(BaseCommand):
    help = "Load a plan from its file (sxsh/plans/data/FORMAT.md); loading again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the plan file (YAML)")
        add_user_argument(parser)

    def handle(self, *args, **options):
        try:
            spec = read_plan_file(options["file"])
        except PlanFileError as exc:
            lines = "\n".join(f"  - {message}" for message in exc.messages)
            raise CommandError(
                _("The plan file has errors; nothing was loaded:") + "\n" + lines
            ) from exc
        try:
            with command_actor(options["user"]) as user:
                result = plan_load(spec=spec, user=user)
        except PlanFileError as exc:
            lines = "\n".join(f"  - {message}" for message in exc.messages)
            raise CommandError(
                _("The plan file has errors; nothing was loaded:") + "\n" + lines
            ) from exc
        if not result.changed:
            self.stdout.write(_("Plan %(number)s is already up to date; nothing changed.")
                              % {"number": result.plan.number})
            return
        parts = []
        for label, bucket in ((_("created"), result.created), (_("updated"), result.updated),
                              (_("deleted"), result.deleted)):
            if bucket:
                counts = ", ".join(f"{_label(k)} {v}" for k, v in bucket.items())
                parts.append(f"{label}: {counts}")
        self.stdout.write(_("Plan %(number)s loaded (%(changes)s).")
                          % {"number": result.plan.number, "changes": "; ".join(parts)})


def _label(name: str) -> str:
    if name == "task_partners":
        return str(_("task partners"))
    return str(apps.get_model("plans", name)._meta.verbose_name_plural)
