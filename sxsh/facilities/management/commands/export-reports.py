from sxsh.facilities.interchange.exporting import report_rows
from sxsh.facilities.models import Report

from ._interchange import ExportCommand


class Command(ExportCommand):
    help = "Export the yearly reports as CSV or XLSX in the import columns."
    kind = "reports"

    def rows(self):
        return report_rows(Report.objects.all())
