"""The public CP section over the API, open to everyone as its pages are: published news,
the library's documents, case studies whose facility agreed to publication, and the CP
solutions database (implemented options, anonymised unless the facility is published)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from sxsh.assessments.library import options_library
from sxsh.assessments.models import Option
from sxsh.core.models import VsicDivision
from sxsh.portal import selectors
from sxsh.portal.forms import DocumentFilterForm, SolutionFilterForm
from sxsh.portal.models import Article, CaseStudy, Category, Document

TAG = "cổng thông tin"
CONTENT_FIELDS = ["slug", "title", "summary", "published_at"]
VSIC = OpenApiParameter("vsic", OpenApiTypes.STR, description="Mã ngành VSIC 2018 cấp 2.")


def _valid(form):
    """The page's filter form, its errors answered 400 by field."""
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form


class ArticleSerializer(serializers.ModelSerializer):
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = [*CONTENT_FIELDS, "category", "body"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="Địa chỉ tải tệp.")
    vsic_divisions: serializers.SlugRelatedField[VsicDivision] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True)

    class Meta:
        model = Document
        fields = [*CONTENT_FIELDS, "kind", "number", "issued_on", "issuer", "in_force",
                  "vsic_divisions", "download"]
        read_only_fields = fields

    def get_download(self, document: Document) -> str:
        return reverse("portal:download", args=[document.slug])


class CaseStudySerializer(serializers.ModelSerializer):
    facility_name = serializers.CharField(source="facility.name", read_only=True)
    vsic = serializers.CharField(source="facility.vsic.code", read_only=True, allow_null=True,
                                 default=None)

    class Meta:
        model = CaseStudy
        fields = [*CONTENT_FIELDS, "facility_name", "vsic", "what_changed", "cost_million_vnd",
                  "saving_million_vnd_per_year", "featured"]
        read_only_fields = fields


class SolutionSerializer(serializers.Serializer):
    description = serializers.CharField()
    investment_mvnd = serializers.DecimalField(max_digits=14, decimal_places=3)
    annual_saving_mvnd = serializers.DecimalField(max_digits=14, decimal_places=3)
    payback_years = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    implemented_on = serializers.DateField(allow_null=True)
    verified = serializers.BooleanField()
    facility_name = serializers.CharField(help_text=(
        "Tên cơ sở; để trống khi cơ sở chưa đồng ý công bố."))


class SolutionGroupSerializer(serializers.Serializer):
    vsic_code = serializers.CharField()
    vsic_name = serializers.CharField()
    category = serializers.ChoiceField(choices=Option.Category.choices)
    category_label = serializers.CharField()
    options = SolutionSerializer(many=True)


class _Open(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    lookup_field = "slug"
    ordering_fields = ["published_at", "title"]


@extend_schema_view(
    list=extend_schema(summary="Tin bài", tags=[TAG], parameters=[
        OpenApiParameter("category", OpenApiTypes.STR, description="Địa chỉ chuyên mục."),
        OpenApiParameter("tag", OpenApiTypes.STR, description="Địa chỉ thẻ.")],
        description="Các tin bài đã đăng, mới nhất trước (công khai)."),
    retrieve=extend_schema(summary="Một tin bài", tags=[TAG], description=(
        "Một tin bài đã đăng theo địa chỉ; nội dung viết bằng Markdown.")),
)
class ArticleViewSet(_Open):
    serializer_class = ArticleSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.articles(self.request.user, category=params.get("category", ""),
                                  tag=params.get("tag", ""))


@extend_schema_view(
    list=extend_schema(summary="Thư viện tài liệu", tags=[TAG], parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=Document.Kind.values,
                         description="Loại tài liệu."), VSIC,
        OpenApiParameter("in_force", OpenApiTypes.STR, enum=["yes", "no"],
                         description="Còn hiệu lực hay không.")],
        description="Hướng dẫn kỹ thuật theo ngành, văn bản pháp luật và sổ tay (công khai)."),
    retrieve=extend_schema(summary="Một tài liệu", tags=[TAG], description=(
        "Một tài liệu đã đăng theo địa chỉ, với địa chỉ tải tệp.")),
)
class DocumentViewSet(_Open):
    serializer_class = DocumentSerializer

    def get_queryset(self):
        if self.action != "list":
            return selectors.documents(self.request.user)
        form = _valid(DocumentFilterForm(self.request.query_params))
        return selectors.documents(self.request.user, **form.filters())


@extend_schema_view(
    list=extend_schema(summary="Điển hình sản xuất sạch hơn", tags=[TAG], description=(
        "Các điển hình đã đăng mà cơ sở đồng ý công bố, với chi phí và tiết kiệm (triệu đồng).")),
    retrieve=extend_schema(summary="Một điển hình", tags=[TAG], description=(
        "Một điển hình đã đăng theo địa chỉ.")),
)
class CaseStudyViewSet(_Open):
    serializer_class = CaseStudySerializer

    def get_queryset(self):
        return selectors.case_studies(self.request.user)


@extend_schema_view(list=extend_schema(
    summary="Cơ sở dữ liệu giải pháp SXSH", tags=[TAG], parameters=[
        VSIC, OpenApiParameter("category", OpenApiTypes.STR, enum=Option.Category.values,
                               description="Nhóm giải pháp.")],
    description=("Các giải pháp đã thực hiện hoặc kiểm chứng, theo ngành và nhóm giải pháp, "
                 "như trang giải pháp; tên cơ sở chỉ có khi cơ sở đồng ý công bố.")))
class SolutionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [AllowAny]
    serializer_class = SolutionGroupSerializer
    queryset = Option.objects.none()  # groups come from the options library
    filter_backends: list = []
    pagination_class = None  # groups of a sector and category, as the page shows them

    def list(self, request: Request, *args, **kwargs) -> Response:
        data = _valid(SolutionFilterForm(request.query_params)).cleaned_data
        groups = options_library(data["vsic"].code if data.get("vsic") else None,
                                 data.get("category") or None)
        return Response(SolutionGroupSerializer(groups, many=True).data)
