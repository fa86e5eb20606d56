"""``/api/v1/reports/``: the yearly reports, read, drafted, changed, submitted — and a bulk
submission that is the Excel upload by another road.

Every write goes through the facilities services (``report_save``, ``report_submit``) or,
for the bulk submission, through the upload's own import (``import_reports`` with
``as_upload``): the same rules, the same warnings to explain, the same row errors.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from sxsh.facilities import services
from sxsh.facilities.interchange.columns import REPORT_COLUMNS, REPORT_OPTIONAL
from sxsh.facilities.interchange.parsing import ImportResult, RowError
from sxsh.facilities.interchange.reports_import import import_reports
from sxsh.facilities.models import Facility, Report

from .common import ERRORS, WRITE_ERRORS, Versioned, id_filter, matching, user_of, written
from .permissions import holds

WRITABLE = (*services.REPORT_FIELDS, "quality_comment")
VERSION_FIELDS = (*WRITABLE, "status")
#: The most reports one bulk submission may hold.
BULK_LIMIT = 5000


class ReportSerializer(serializers.ModelSerializer):
    facility = serializers.IntegerField(source="facility_id",
                                        help_text="Mã (id) của cơ sở sản xuất.")
    tax_code = serializers.CharField(source="facility.tax_code", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "facility", "tax_code", "year", "status", "source", *WRITABLE,
                  "energy_toe", "co2e_t", "biogenic_co2_t", "quality_warnings",
                  "review_comment", "submitted_at", "reviewed_at", "updated_at"]
        read_only_fields = ["status", "source", "energy_toe", "co2e_t", "biogenic_co2_t",
                            "quality_warnings", "review_comment", "submitted_at",
                            "reviewed_at", "updated_at"]
        # One report a facility and year: the view says so in words (``create``).
        validators: list = []


class ReportUpdateSerializer(ReportSerializer):
    """An update changes the figures; the facility and year are the report's for good."""

    class Meta(ReportSerializer.Meta):
        read_only_fields = [*ReportSerializer.Meta.read_only_fields, "facility", "year"]


class SubmitSerializer(serializers.Serializer):
    quality_comment = serializers.CharField(
        required=False, allow_blank=True,
        help_text="Giải trình các cảnh báo chất lượng số liệu (bắt buộc khi có cảnh báo).")


# Inline: fields named ``label`` and ``errors`` would hide a serializer's own attributes.
BulkRowError = inline_serializer("BulkRowError", {
    "row": serializers.IntegerField(allow_null=True,
                                    help_text="Thứ tự báo cáo trong danh sách, từ 1."),
    "column": serializers.CharField(help_text="Mã cột của mẫu Excel."),
    "label": serializers.CharField(help_text="Tên cột như trong mẫu Excel."),
    "value": serializers.CharField(), "reason": serializers.CharField(),
    "message": serializers.CharField(help_text="Lỗi viết thành câu, như khi tải tệp lên."),
})


class BulkResult(serializers.Serializer):
    detail = serializers.CharField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


# A body that is no list of reports is refused with ``detail`` alone.
BulkErrors = inline_serializer("BulkErrors", {
    "detail": serializers.CharField(),
    "error_count": serializers.IntegerField(required=False),
    "failed_rows": serializers.IntegerField(required=False),
    "errors": BulkRowError.__class__(many=True, required=False),
})


class ReportFilter(filters.FilterSet):
    facility = id_filter("facility_id", help_text="Mã (id) cơ sở.")
    year = filters.NumberFilter(help_text="Năm báo cáo.")
    status = filters.ChoiceFilter(choices=Report.Status.choices,
                                  help_text="Trạng thái báo cáo.")

    class Meta:
        model = Report
        fields = ["facility", "year", "status"]


@extend_schema_view(
    list=extend_schema(summary="Danh sách báo cáo hằng năm",
                       description="Các báo cáo người dùng được xem, lọc theo năm, cơ sở và "
                                   "trạng thái.",
                       responses={200: ReportSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="Một báo cáo hằng năm",
                           description="Trả kèm ETag để sửa bằng If-Match.",
                           responses={200: ReportSerializer, **ERRORS}),
    create=extend_schema(summary="Lập bản nháp báo cáo",
                         description="Báo cáo mới của một cơ sở và một năm, ở trạng thái "
                                     "nháp; cùng quy tắc như biểu mẫu.",
                         responses={201: ReportSerializer, **WRITE_ERRORS}),
    update=extend_schema(summary="Sửa báo cáo nháp (thay toàn bộ)",
                         request=ReportUpdateSerializer,
                         description="Chỉ báo cáo nháp hoặc bị trả lại. Cần If-Match với "
                                     "ETag đã đọc: 428 nếu thiếu, 412 nếu đã bị sửa.",
                         responses={200: ReportSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(summary="Sửa một số số liệu của báo cáo nháp",
                                 request=ReportUpdateSerializer,
                                 description="Như PUT, chỉ các trường gửi lên được ghi.",
                                 responses={200: ReportSerializer, **WRITE_ERRORS}),
)
class ReportViewSet(Versioned, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, mixins.UpdateModelMixin,
                    viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    # Reading the reports is exporting them; writing is filing them.
    permission_classes = [holds("facilities.export_reports"),
                          holds("facilities.file_report", for_reading=True)]
    ordering_fields = ["year", "updated_at", "submitted_at", "id"]
    ordering = ["facility__name", "-year", "id"]
    version_fields = VERSION_FIELDS

    def get_queryset(self):
        return Report.objects.for_user(user_of(self.request)).select_related("facility")

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return ReportUpdateSerializer
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            facility = Facility.objects.get_for_user_or_404(user_of(request),
                                                            pk=data["facility_id"])
            if facility.reports.filter(year=data["year"]).exists():
                raise ValidationError({"year": _(
                    "This facility has a report of this year already: change it with PUT or "
                    "PATCH and its ETag.")})
            report = services.report_save(facility=facility, year=data["year"],
                                          data=written(WRITABLE, data, partial=True),
                                          user=user_of(request))
        return self.answer(report, status.HTTP_201_CREATED)

    def write(self, obj, data, *, partial, expected_version):
        return services.report_save(facility=obj.facility, year=obj.year,
                                    data=written(WRITABLE, data, partial=partial),
                                    user=user_of(self.request), expected_version=expected_version)

    @extend_schema(summary="Gửi báo cáo để thẩm định",
                   description="Gửi báo cáo nháp hoặc bị trả lại; báo cáo có cảnh báo chất "
                               "lượng số liệu cần lời giải trình. Nếu gửi kèm If-Match, báo "
                               "cáo đã bị sửa sau khi đọc sẽ bị từ chối (412).",
                   request=SubmitSerializer,
                   responses={200: ReportSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            report = self.locked_object()
            if request.headers.get("If-Match"):
                matching(request, self.token(report))
            report = services.report_submit(
                report=report, user=user_of(request),
                quality_comment=serializer.validated_data.get("quality_comment"))
        return self.answer(report)

    @extend_schema(
        summary="Gửi nhiều báo cáo cùng lúc",
        description=(
            "Một danh sách JSON các báo cáo, mỗi báo cáo một đối tượng với các mã cột của "
            "mẫu Excel (tax_code, year, baseline_year, aware, …; 1/0 hoặc true/false cho "
            "câu hỏi có/không). Tất cả được ghi và gửi thẩm định, hoặc không báo cáo nào: "
            "khi có dòng sai, câu trả lời (400) liệt kê lỗi từng dòng như khi tải tệp Excel "
            f"lên. Tối đa {BULK_LIMIT} báo cáo một lần (413 nếu nhiều hơn)."),
        request={"application/json": {"type": "array", "items": {"type": "object"}}},
        responses={200: BulkResult,
                   400: OpenApiResponse(BulkErrors, description="Có dòng sai: không ghi gì."),
                   413: OpenApiResponse(description="Quá số báo cáo cho phép."),
                   **{k: v for k, v in ERRORS.items() if k != 404}})
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        items = request.data
        if not isinstance(items, list):
            raise ParseError(_("Send a JSON list of reports."))
        if len(items) > BULK_LIMIT:
            return Response({"detail": _(
                "%(count)s reports in one request: send at most %(limit)s at a time."
            ) % {"count": len(items), "limit": BULK_LIMIT}},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        content = bulk_csv(items)
        result = import_reports(lambda: io.BytesIO(content), file_name="api.csv",
                                user=user_of(request), as_upload=True)
        return bulk_answer(result)


def _cell(value, number: int, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, str):
        return value
    raise ParseError(_("Report %(row)s, field %(field)s: give a text, a number, true/false "
                       "or null.") % {"row": number, "field": key})


def bulk_csv(items: list) -> bytes:
    """The reports as the CSV file the upload reads: the codes in the first row, one report
    a row in the list's order (report ``n`` on row ``n + 1``). The optional columns are left
    out when no report gives them (their stored values then stay); keys that are no column
    are passed on for the import to name."""
    keys: dict[str, None] = {c: None for c in REPORT_COLUMNS if c not in REPORT_OPTIONAL}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ParseError(_("Report %(row)s is not a JSON object.") % {"row": number})
        keys.update(dict.fromkeys(item))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(keys)
    for number, item in enumerate(items, start=1):
        writer.writerow([_cell(item.get(key), number, key) for key in keys])
    return out.getvalue().encode("utf-8")


def _row_error(error: RowError) -> dict:
    """An error of the CSV file as an error of the request: the report's place in the
    list (None for the keys themselves, the file's header)."""
    row = error.row - 1 if error.row > 1 else None
    shown = dataclasses.replace(error, file=_("request"), row=row or 0)
    return {"row": row, "column": error.column, "label": error.label, "value": error.value,
            "reason": error.reason, "message": str(shown) if row else error.reason}


def bulk_answer(result: ImportResult) -> Response:
    if result.problem:
        return Response({"detail": _("Nothing was imported: %(problem)s")
                         % {"problem": result.problem}}, status=status.HTTP_400_BAD_REQUEST)
    if not result.ok:
        return Response({
            "detail": " ".join((
                ngettext("%(n)s error: nothing was imported.",
                         "%(n)s errors: nothing was imported.", result.error_count)
                % {"n": result.error_count},
                ngettext("%(n)s row has errors.", "%(n)s rows have errors.",
                         len(result.failed_rows)) % {"n": len(result.failed_rows)})),
            "error_count": result.error_count, "failed_rows": len(result.failed_rows),
            "errors": [_row_error(e) for e in result.errors],
        }, status=status.HTTP_400_BAD_REQUEST)
    return Response({
        "detail": _("%(rows)s rows: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged.") % result.__dict__,
        "rows": result.rows, "created": result.created, "updated": result.updated,
        "unchanged": result.unchanged,
    })
