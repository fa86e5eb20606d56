from sxsh.activities import interchange
from sxsh.activities.models import Attendance
from sxsh.facilities.management.commands._interchange import ExportCommand


class Command(ExportCommand):
    help = "Export who attended the activities as CSV or XLSX in the import columns."
    kind = "attendance"

    def rows(self):
        return interchange.attendance_rows(Attendance.objects.all())

    def export(self, rows, fmt, *, template):
        return interchange.export(self.kind, rows, fmt, template=template)
