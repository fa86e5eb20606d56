from sxsh.facilities.interchange.exporting import facility_rows
from sxsh.facilities.models import Facility

from ._interchange import ExportCommand


class Command(ExportCommand):
    help = "Export the facility register as CSV or XLSX in the import columns plus size_class."
    kind = "facilities"

    def rows(self):
        return facility_rows(Facility.objects.all())
