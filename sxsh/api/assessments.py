"""CP assessments and their options over the API, read as the assessment pages read them
(``assessments.view``): a consultant the assessments of its agency, a local focal point those
of its area, an enterprise those of its own facility."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from sxsh.assessments.models import Assessment, Option
from sxsh.assessments.selectors import assessment_list
from sxsh.core.models import Agency
from sxsh.facilities.models import Facility

from .common import id_filter, year_filter
from .permissions import holds, signed_in

TAG = "đánh giá SXSH"


class AssessmentSerializer(serializers.ModelSerializer):
    facility: serializers.PrimaryKeyRelatedField[Facility] = serializers.PrimaryKeyRelatedField(
        read_only=True)
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    consultant_agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True)
    option_count = serializers.IntegerField(read_only=True, help_text="Số giải pháp SXSH.")
    implemented_count = serializers.IntegerField(
        read_only=True, help_text="Số giải pháp đã thực hiện hoặc đã kiểm chứng.")

    class Meta:
        model = Assessment
        fields = ["id", "reference", "kind", "status", "facility", "facility_name",
                  "consultant_agency", "title", "focus", "started_on", "finished_on",
                  "summary", "option_count", "implemented_count", "updated_at"]
        read_only_fields = fields


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "assessment", "code", "category", "description", "investment_mvnd",
                  "annual_saving_mvnd", "life_years", "status", "implemented_on",
                  "electricity_kwh_saved_yr", "fuel_toe_saved_yr"]
        read_only_fields = fields


class AssessmentFilter(django_filters.FilterSet):
    # Ids, not choices of every row: a record outside the user's scope answers as one that
    # does not exist (an empty list), never "not a valid choice".
    facility = id_filter("facility_id", label="Mã số cơ sở")
    year = year_filter("started_on", "year", label="Năm bắt đầu")

    class Meta:
        model = Assessment
        fields = ["kind", "status", "facility", "year"]


class OptionFilter(django_filters.FilterSet):
    assessment = id_filter("assessment_id", label="Mã số đánh giá")

    class Meta:
        model = Option
        fields = ["assessment", "category", "status"]


@extend_schema_view(
    list=extend_schema(summary="Danh sách đánh giá SXSH", tags=[TAG], description=(
        "Các đánh giá (nhanh, chi tiết, mô hình trình diễn) người dùng được xem, với số giải "
        "pháp và số giải pháp đã thực hiện; lọc theo loại, trạng thái, cơ sở, năm bắt đầu.")),
    retrieve=extend_schema(summary="Một đánh giá SXSH", tags=[TAG], description=(
        "Một đánh giá mà người dùng được xem; ngoài phạm vi: 404.")),
)
class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [holds("assessments.view")]
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["started_on", "finished_on", "reference", "id"]

    def get_queryset(self):
        return assessment_list(user=signed_in(self.request))


@extend_schema_view(
    list=extend_schema(summary="Các giải pháp SXSH", tags=[TAG], description=(
        "Các giải pháp của những đánh giá người dùng được xem: chi phí đầu tư, tiết kiệm hằng "
        "năm (triệu đồng), trạng thái; lọc theo đánh giá, nhóm giải pháp, trạng thái.")),
    retrieve=extend_schema(summary="Một giải pháp SXSH", tags=[TAG], description=(
        "Một giải pháp của một đánh giá mà người dùng được xem; ngoài phạm vi: 404.")),
)
class OptionViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [holds("assessments.view")]
    serializer_class = OptionSerializer
    filterset_class = OptionFilter
    ordering_fields = ["code", "implemented_on", "investment_mvnd", "id"]

    def get_queryset(self):
        return Option.objects.for_user(signed_in(self.request)).order_by("assessment_id", "code",
                                                                    "pk")
