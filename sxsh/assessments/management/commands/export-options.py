from sxsh.assessments.interchange import OPTION_COLUMNS, OPTION_EXPORT_COLUMNS, option_rows
from sxsh.assessments.models import Option
from sxsh.core import exporting
from sxsh.facilities.management.commands._interchange import ExportCommand


class Command(ExportCommand):
    help = ("Export the CP options register as CSV or XLSX in the import columns plus "
            "payback_years, npv_mvnd, irr and co2e_t_yr.")
    kind = "options"

    def rows(self):
        return option_rows(Option.objects.all())

    def export(self, rows, fmt: str, *, template: bool):
        columns = OPTION_COLUMNS if template else OPTION_EXPORT_COLUMNS
        if template:
            rows = [[str(label) for label in columns.values()]]
        return exporting.export(fmt, list(columns), rows, title=self.kind)
