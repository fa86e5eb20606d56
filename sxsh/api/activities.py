"""The programme's activities and who attended them over the API, read as the activity
pages read them (``activities.view``): attendees are personal data, each user reads only
those ``Attendance.objects.for_user`` gives (finance none)."""

from __future__ import annotations

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.generics import get_object_or_404

from sxsh.activities.models import Activity, Attendance
from sxsh.activities.selectors import activity_list, participants
from sxsh.facilities.models import Facility

from .common import year_filter
from .permissions import holds, signed_in

TAG = "hoạt động"
ACTIVITY_CODE = OpenApiParameter("activity_code", OpenApiTypes.STR, OpenApiParameter.PATH,
                                 description="Mã hoạt động.")


class ActivitySerializer(serializers.ModelSerializer):
    task = serializers.CharField(source="task.code", read_only=True, help_text="Mã nhiệm vụ.")
    budget_line = serializers.CharField(source="budget_line.code", read_only=True,
                                        help_text="Mã dòng kinh phí.")
    attendees = serializers.IntegerField(read_only=True, help_text=(
        "Số người tham dự mà người dùng được xem."))

    class Meta:
        model = Activity
        fields = ["code", "kind", "date", "title", "place", "organiser", "task",
                  "budget_line", "cost_central_mvnd", "cost_local_mvnd",
                  "cost_enterprise_mvnd", "attendees"]
        read_only_fields = fields


class AttendanceSerializer(serializers.ModelSerializer):
    facility: serializers.PrimaryKeyRelatedField[Facility] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True)

    class Meta:
        model = Attendance
        fields = ["id", "person_name", "gender", "organisation", "position", "facility"]
        read_only_fields = fields


class ActivityFilter(django_filters.FilterSet):
    year = year_filter("date", "year", label="Năm")

    class Meta:
        model = Activity
        fields = ["kind", "year"]


@extend_schema_view(
    list=extend_schema(summary="Danh sách hoạt động", tags=[TAG], description=(
        "Các hoạt động của chương trình (tập huấn, hội thảo, truyền thông…) người dùng được "
        "xem, mới nhất trước, với chi phí theo nguồn (triệu đồng) và số người tham dự.")),
    retrieve=extend_schema(summary="Một hoạt động", tags=[TAG], description=(
        "Một hoạt động theo mã; ngoài phạm vi của người dùng: 404.")),
)
class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [holds("activities.view")]
    serializer_class = ActivitySerializer
    lookup_field = "code"
    filterset_class = ActivityFilter
    ordering_fields = ["date", "code"]

    def get_queryset(self):
        return activity_list(user=signed_in(self.request))


@extend_schema_view(list=extend_schema(
    summary="Người tham dự một hoạt động", tags=[TAG], parameters=[ACTIVITY_CODE],
    description=("Những người tham dự hoạt động mà người dùng được xem (dữ liệu cá nhân: cán "
                 "bộ địa phương chỉ thấy người của các cơ sở trong địa bàn).")))
class AttendanceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [holds("activities.view")]
    serializer_class = AttendanceSerializer

    def get_queryset(self):
        user = signed_in(self.request)
        if getattr(self, "swagger_fake_view", False):  # the schema's generator asks
            return Attendance.objects.none()
        activity = get_object_or_404(Activity.objects.for_user(user),
                                     code=self.kwargs["activity_code"])
        return participants(activity=activity, user=user)
