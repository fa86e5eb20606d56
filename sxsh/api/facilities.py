"""``/api/v1/facilities/``: the facility register, read and written as on its pages.

Reads come from ``facilities.selectors.facility_list`` (``for_user``), writes go through
``facility_create`` / ``facility_update`` with the same capabilities and rules as the form;
an update needs ``If-Match`` (``common.Versioned``).
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets

from sxsh.core.capabilities import can
from sxsh.core.models import AdminUnit, SizeThreshold, VsicDivision
from sxsh.core.search import matches
from sxsh.facilities import selectors, services
from sxsh.facilities.models import Facility

from .common import ERRORS, WRITE_ERRORS, Versioned, user_of, written
from .permissions import holds

FIELDS = services.FACILITY_FIELDS[:]
VERSION_FIELDS = (*services.FACILITY_FIELDS, "published")


class FacilitySerializer(serializers.ModelSerializer):
    # Uniqueness is the service's word, with its own message (as on the form).
    tax_code = serializers.CharField(max_length=14)
    admin_unit = serializers.SlugRelatedField(
        slug_field="code", queryset=AdminUnit.objects.local().exclude(level="province"),
        help_text="Mã đơn vị hành chính (vd. phu-vang).")
    vsic = serializers.SlugRelatedField(slug_field="code", queryset=VsicDivision.objects.all(),
                                        help_text="Ngành VSIC 2018 cấp 2 (10–33).")
    published = serializers.BooleanField(
        required=False, help_text="Được nêu tên trên cổng thông tin (chỉ cán bộ Sở sửa).")

    class Meta:
        model = Facility
        fields = ["id", *services.FACILITY_FIELDS, "size_class", "size_reason", "published"]
        read_only_fields = ["size_class", "size_reason"]


class FacilityFilter(filters.FilterSet):
    admin_unit = filters.CharFilter(field_name="admin_unit__code",
                                    help_text="Mã đơn vị hành chính.")
    vsic = filters.CharFilter(field_name="vsic__code", help_text="Ngành VSIC (2 chữ số).")
    size_class = filters.ChoiceFilter(choices=SizeThreshold.Size.choices,
                                      help_text="Quy mô theo Nghị định 80/2021.")
    q = filters.CharFilter(method="search", help_text="Tên hoặc mã số thuế (không phân biệt "
                                                      "dấu và chữ hoa).")

    class Meta:
        model = Facility
        fields = ["admin_unit", "vsic", "size_class", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(matches(value, "name", "tax_code"))


@extend_schema_view(
    list=extend_schema(summary="Danh sách cơ sở sản xuất",
                       description="Các cơ sở người dùng được xem, phân trang 50 dòng, lọc "
                                   "theo đơn vị hành chính, ngành, quy mô và từ khóa.",
                       responses={200: FacilitySerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="Một cơ sở sản xuất",
                           description="Trả kèm ETag để sửa bằng If-Match.",
                           responses={200: FacilitySerializer, **ERRORS}),
    create=extend_schema(summary="Đăng ký cơ sở sản xuất",
                         description="Cùng quy tắc như biểu mẫu đăng ký; lỗi trả về theo "
                                     "từng trường (400).",
                         responses={201: FacilitySerializer, **WRITE_ERRORS}),
    update=extend_schema(summary="Sửa cơ sở sản xuất (thay toàn bộ)",
                         description="Cần tiêu đề If-Match với ETag đã đọc: 428 nếu thiếu, "
                                     "412 nếu cơ sở đã bị người khác sửa.",
                         responses={200: FacilitySerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(summary="Sửa một số trường của cơ sở",
                                 description="Như PUT, chỉ các trường gửi lên được ghi.",
                                 responses={200: FacilitySerializer, **WRITE_ERRORS}),
)
class FacilityViewSet(Versioned, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, mixins.UpdateModelMixin,
                      viewsets.GenericViewSet):
    serializer_class = FacilitySerializer
    filterset_class = FacilityFilter
    # Reading needs the register's capability; writing also registering (in the area).
    permission_classes = [holds("facilities.view"),
                          holds("facilities.register", for_reading=True)]
    ordering_fields = ["name", "tax_code", "employees", "opened_year", "size_class", "id"]
    version_fields = VERSION_FIELDS

    def get_queryset(self):
        return selectors.facility_list(user=user_of(self.request))

    def _data(self, data: dict, *, partial: bool) -> dict:
        values = written(FIELDS, data, partial=partial)
        # As on the form: only an officer publishes; for others the field is read-only.
        if "published" in data and can(self.request.user, "facilities.publish"):
            values["published"] = data["published"]
        return values

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        facility = services.facility_create(
            data=self._data(serializer.validated_data, partial=True), user=user_of(request))
        return self.answer(facility, status.HTTP_201_CREATED)

    def write(self, obj, data, *, partial, expected_version):
        return services.facility_update(facility=obj, data=self._data(data, partial=partial),
                                        user=user_of(self.request),
                                        expected_version=expected_version)
