"""``/api/v1/annual-reports/``: the programme's annual reports and five-year summaries, read
as the report pages read them (``reports.view``: the officer every report and draft,
leadership and the ministry what is issued), a draft's narrative written and a draft issued
through the reports' own services (``narrative_save``, ``version_issue``).

An issued version carries its frozen content (the JSON its documents were printed from)
and its files; a draft's figures come from today's data and are read on its page.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException

from sxsh.core.exporting import CONTENT_TYPES, attachment_response
from sxsh.plans.models import Plan
from sxsh.reports import selectors, services
from sxsh.reports.assembly import signer_capacities
from sxsh.reports.forms import NARRATIVE_MAX_CHARS
from sxsh.reports.models import Report, ReportVersion

from .common import ERRORS, WRITE_ERRORS, Versioned, matching, user_of, written, year_filter
from .permissions import holds

TAG = "báo cáo năm"
NARRATIVE_FIELDS = services.NARRATIVE_FIELDS
REPORT_ID = OpenApiParameter("report_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                             description="Mã (id) của báo cáo.")
NUMBER = OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH,
                          description="Số thứ tự phiên bản, từ 1.")
KIND = OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH,
                        enum=list(services.FILE_KINDS), description=(
                            "docx: văn bản báo cáo; xlsx: các phụ lục; ministry: biểu mẫu "
                            "gửi Bộ Công Thương (xlsx); pdf: bản PDF."))


class StoredFileUnavailable(APIException):
    """An issued version's file lost or altered on the disk: the administrator restores it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stored_file_unavailable"


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportVersion
        fields = ["number", "status", "document_number", "issued_on"]
        read_only_fields = fields


class AnnualReportSerializer(serializers.ModelSerializer):
    plan: serializers.SlugRelatedField[Plan] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Mã kế hoạch.")
    versions = VersionSummarySerializer(source="shown", many=True, read_only=True, help_text=(
        "Các phiên bản người dùng được xem (lãnh đạo và Bộ: chỉ phiên bản đã ban hành)."))

    class Meta:
        model = Report
        fields = ["id", "plan", "kind", "year", "created_at", "versions"]
        read_only_fields = fields


class NarrativeSerializer(serializers.Serializer):
    """The officer's sections of the report and the signer, as the draft's form has them."""

    achievements = serializers.CharField(required=False, allow_blank=True,
                                         max_length=NARRATIVE_MAX_CHARS,
                                         help_text="Kết quả đạt được.")
    difficulties = serializers.CharField(required=False, allow_blank=True,
                                         max_length=NARRATIVE_MAX_CHARS,
                                         help_text="Khó khăn, vướng mắc và nguyên nhân.")
    proposals = serializers.CharField(required=False, allow_blank=True,
                                      max_length=NARRATIVE_MAX_CHARS,
                                      help_text="Đề xuất, kiến nghị.")
    next_tasks = serializers.CharField(required=False, allow_blank=True,
                                       max_length=NARRATIVE_MAX_CHARS,
                                       help_text="Nhiệm vụ năm tới.")
    signer_capacity = serializers.ChoiceField(
        required=False, allow_blank=True,
        choices=list(signer_capacities()),
        help_text="Thẩm quyền ký theo Nghị định 30/2020/NĐ-CP: director (GIÁM ĐỐC), deputy "
                  "(KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC), acting (Q. GIÁM ĐỐC), by_order (TL. GIÁM "
                  "ĐỐC / CHÁNH VĂN PHÒNG); để trống: director.")
    signer = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                   help_text="Người ký.")


class FileSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Địa chỉ tải tệp.")
    size = serializers.IntegerField(help_text="Kích thước, byte.")
    sha256 = serializers.CharField(help_text="Mã kiểm tra SHA-256 của tệp như khi ban hành.")


class VersionSerializer(serializers.ModelSerializer):
    report = serializers.IntegerField(source="report_id", read_only=True)
    narrative = NarrativeSerializer(help_text="Các phần do cán bộ viết (sửa được khi là bản "
                                              "nháp).")
    content = serializers.JSONField(read_only=True, allow_null=True, help_text=(
        "Nội dung đã đóng băng khi ban hành (các mục, bảng, phụ lục, biểu mẫu gửi Bộ, chữ "
        "ký), đúng như các tệp được in ra; null với bản nháp."))
    files = serializers.SerializerMethodField(help_text=(
        "Các tệp của phiên bản đã ban hành theo loại (docx, xlsx, ministry, pdf), khi đã tạo "
        "xong (files_status = ready)."))

    class Meta:
        model = ReportVersion
        fields = ["report", "number", "status", "document_number", "issued_on", "narrative",
                  "content", "progress", "error", "files_status", "files", "created_at",
                  "updated_at"]
        read_only_fields = ["report", "number", "status", "document_number", "issued_on",
                            "content", "progress", "error", "files_status", "created_at",
                            "updated_at"]

    @extend_schema_field(serializers.DictField(child=FileSerializer()))
    def get_files(self, version: ReportVersion) -> dict[str, dict[str, Any]]:
        if version.files_status != ReportVersion.Files.READY:
            return {}
        return {kind: {"url": reverse("annual-report-version-file",
                                      args=[version.report_id, version.number, kind]),
                       "size": stored["size"], "sha256": stored["sha256"]}
                for kind, stored in version.files.items()}

    def to_representation(self, version: ReportVersion) -> dict:
        data = super().to_representation(version)
        data["narrative"] = {key: version.narrative.get(key, "") for key in NARRATIVE_FIELDS}
        return data


class IssueSerializer(serializers.Serializer):
    document_number = serializers.CharField(max_length=20, help_text=(
        "Số văn bản trong sổ văn bản đi, ví dụ 15."))
    issued_on = serializers.DateField(help_text="Ngày ban hành.")


class AnnualReportFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__code", help_text="Mã kế hoạch.")
    kind = django_filters.ChoiceFilter(choices=Report.Kind.choices, help_text="Loại báo cáo.")
    year = year_filter("year", help_text="Năm báo cáo.")

    class Meta:
        model = Report
        fields = ["plan", "kind", "year"]


@extend_schema_view(
    list=extend_schema(summary="Danh sách báo cáo năm và báo cáo tổng kết 5 năm", tags=[TAG],
                       description=(
                           "Các báo cáo người dùng được xem, như trang Báo cáo: cán bộ Sở mọi "
                           "báo cáo kể cả bản nháp; lãnh đạo và Bộ Công Thương các báo cáo "
                           "đã ban hành. Lọc theo kế hoạch, loại và năm."),
                       responses={200: AnnualReportSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="Một báo cáo năm", tags=[TAG],
                           description="Báo cáo với các phiên bản người dùng được xem.",
                           responses={200: AnnualReportSerializer, **ERRORS}),
)
class AnnualReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AnnualReportSerializer
    permission_classes = [holds("reports.view")]
    filterset_class = AnnualReportFilter
    ordering_fields = ["year", "kind", "created_at", "id"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.reports_for(user_of(self.request))


@extend_schema_view(
    list=extend_schema(summary="Các phiên bản của một báo cáo năm", tags=[TAG],
                       parameters=[REPORT_ID],
                       description=("Các phiên bản người dùng được xem, theo số thứ tự; nội "
                                    "dung đã ban hành có ở từng phiên bản."),
                       responses={200: VersionSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="Một phiên bản của báo cáo năm", tags=[TAG],
                           parameters=[REPORT_ID, NUMBER],
                           description=("Phiên bản đã ban hành với nội dung đã đóng băng (JSON) "
                                        "và các tệp; bản nháp với các phần do cán bộ viết. Trả "
                                        "kèm ETag để sửa bằng If-Match."),
                           responses={200: VersionSerializer, **ERRORS}),
    update=extend_schema(summary="Sửa các phần do cán bộ viết của bản nháp (thay toàn bộ)",
                         tags=[TAG], parameters=[REPORT_ID, NUMBER], description=(
                             "Chỉ bản nháp (phiên bản đã ban hành không bao giờ thay đổi). Các "
                             "phần không gửi lên được để trống. Cần If-Match với ETag đã đọc: "
                             "428 nếu thiếu, 412 nếu đã có người lưu nội dung khác."),
                         responses={200: VersionSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(summary="Sửa một số phần do cán bộ viết của bản nháp",
                                 tags=[TAG], parameters=[REPORT_ID, NUMBER],
                                 description="Như PUT, chỉ các phần gửi lên được ghi.",
                                 responses={200: VersionSerializer, **WRITE_ERRORS}),
)
class VersionViewSet(Versioned, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = VersionSerializer
    # Reading needs the reports' capability; writing a draft also preparing it.
    permission_classes = [holds("reports.view"), holds("reports.prepare", for_reading=True)]
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    filter_backends: list = []
    pagination_class = None  # a report has a few versions: one list

    def get_queryset(self):
        user = user_of(self.request)
        versions = ReportVersion.objects.for_user(user).order_by("number", "pk")
        if getattr(self, "swagger_fake_view", False):  # the schema's generator asks
            return versions.none()
        report = Report.objects.get_for_user_or_404(user, pk=int(self.kwargs["report_pk"]))
        return versions.filter(report=report).select_related("report")

    def token(self, obj) -> str:
        return services.narrative_version(obj)

    def write(self, obj, data, *, partial, expected_version):
        sent = written(NARRATIVE_FIELDS, data.get("narrative", {}), partial=partial)
        return services.narrative_save(version=obj, user=user_of(self.request),
                                       narrative={**obj.narrative, **sent},
                                       expected=expected_version)

    @extend_schema(
        summary="Ban hành bản nháp", tags=[TAG], parameters=[REPORT_ID, NUMBER],
        request=IssueSerializer,
        description=(
            "Ban hành bản nháp với số và ngày văn bản, như nút Ban hành trên trang: số và ngày "
            "được giữ ngay, phiên bản chuyển sang trạng thái issuing; tiến trình chạy nền tổng "
            "hợp số liệu từ dữ liệu hôm nay, tạo các tệp rồi đóng băng tất cả (status thành "
            "issued; progress là số bước đã xong). Nếu thất bại, phiên bản trở lại bản nháp "
            "với lý do ở trường error. Gửi yêu cầu này là xác nhận việc ban hành. "
            "If-Match là bắt buộc (ETag của phiên bản đã đọc; thiếu: 428): bản nháp đã có "
            "người sửa sau khi đọc sẽ bị từ chối (412), vì ban hành là đóng băng phần nhận định."),
        responses={200: VersionSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"],
            permission_classes=[holds("reports.view"), holds("reports.issue")])
    def issue(self, request, report_pk=None, number=None):
        serializer = IssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            version = self.locked_object()
            # issuing freezes the narrative: the client says which one it read
            matching(request, self.token(version))
            version = services.version_issue(version=version, user=user_of(request),
                                             **serializer.validated_data)
        return self.answer(version)

    @extend_schema(
        summary="Tải một tệp của phiên bản đã ban hành", tags=[TAG],
        parameters=[REPORT_ID, NUMBER, KIND],
        description=("Tệp đúng như khi ban hành (mã kiểm tra SHA-256 ở trường files của phiên "
                     "bản). 404 khi phiên bản chưa ban hành hoặc tệp chưa tạo xong; 409 khi tệp "
                     "lưu trữ bị mất hoặc bị sửa (quản trị viên khôi phục từ bản sao lưu)."),
        responses={
            **{(200, CONTENT_TYPES[services.SUFFIXES[kind]]): OpenApiResponse(
                OpenApiTypes.BINARY, description=f"Tệp {kind}.")
               for kind in services.FILE_KINDS},
            409: OpenApiResponse(description="Tệp lưu trữ bị mất hoặc bị sửa."), **ERRORS})
    @action(detail=True, methods=["get"], url_path="files/(?P<kind>[a-z]+)")
    def file(self, request, report_pk=None, number=None, kind=None) -> HttpResponseBase:
        version = self.get_object()
        if kind not in services.FILE_KINDS or kind not in version.files:
            raise Http404
        try:
            data = services.stored_file(version, kind)
        except ValidationError as exc:
            raise StoredFileUnavailable(" ".join(exc.messages)) from exc
        return attachment_response(data, filename=services.download_name(version, kind))
