from sxsh.activities import interchange
from sxsh.activities.models import Activity
from sxsh.facilities.management.commands._interchange import ExportCommand


class Command(ExportCommand):
    help = "Export the activities as CSV or XLSX in the import columns."
    kind = "activities"

    def rows(self):
        return interchange.activity_rows(Activity.objects.all())

    def export(self, rows, fmt, *, template):
        return interchange.export(self.kind, rows, fmt, template=template)
