from django.core.management.base import BaseCommand

from sxsh.assessments.demo import demo_assessments_ensure
from sxsh.facilities.demo import demo_data_ensure
from sxsh.portal.demo import demo_portal_ensure


class Command(BaseCommand):
    help = ("Create the demo register ([DEMO] facilities and their 2016–2020 reports); "
            "the same --facilities and --seed always give the same data.")

    def add_arguments(self, parser):
        parser.add_argument("--facilities", type=int, default=120)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        result = demo_data_ensure(facilities=options["facilities"], seed=options["seed"])
        self.stdout.write(
            f"Demo data (DEMO — not real facilities): {result.facilities_created} facilities "
            f"and {result.reports_created} reports created."
        )
        self.stdout.write(f"Demo assessments: {demo_assessments_ensure()} created.")
        self.stdout.write(f"Demo portal content: {demo_portal_ensure()} created.")
