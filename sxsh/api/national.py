"""The provinces' national packages over the API (``national.read``: the ministry and the
department), read as the national pages read them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from sxsh.national.models import Package
from sxsh.national.selectors import packages_for

from .permissions import holds, signed_in

TAG = "gói số liệu quốc gia"
FIELDS = ["id", "province_code", "province_name", "year", "version", "schema_version",
          "software_version", "generated_at", "checksum", "imported_at"]


class PackageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Package
        fields = FIELDS
        read_only_fields = fields


class PackageDetailSerializer(serializers.ModelSerializer):
    class Meta:
        model = Package
        fields = [*FIELDS, "content"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Các gói số liệu của các tỉnh", tags=[TAG], description=(
        "Gói số liệu tổng hợp hằng năm mà các tỉnh xuất từ hệ thống của mình (phiên bản mới "
        "nhất của mỗi tỉnh và năm), không kèm nội dung; lọc theo tỉnh và năm.")),
    retrieve=extend_schema(summary="Một gói số liệu", tags=[TAG], description=(
        "Một gói với toàn bộ nội dung như khi xuất: chỉ số, mục tiêu, ngân sách, mã kiểm tra "
        "SHA-256.")),
)
class PackageViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [holds("national.read")]
    filterset_fields = ["province_code", "year"]
    ordering_fields = ["year", "province_name", "imported_at"]

    def get_queryset(self):
        if self.action == "retrieve":
            return Package.objects.for_user(signed_in(self.request))
        return packages_for(signed_in(self.request))

    def get_serializer_class(self):
        return PackageDetailSerializer if self.action == "retrieve" else PackageSerializer
