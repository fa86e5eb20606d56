"""The indicators over the API: the dashboard's figures (the same JSON as ``sxsh
indicators``) and the open figures of the public page (small counts hidden, no sign-in)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from sxsh.core.models import AdminUnit
from sxsh.facilities.models import Facility
from sxsh.indicators import caching, selectors
from sxsh.indicators.cards import board_json
from sxsh.indicators.engine import board
from sxsh.indicators.forms import IndicatorFilterForm
from sxsh.plans.models import Plan

from .permissions import holds, signed_in

FILTERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description=(
        "Năm tính chỉ số; bỏ trống: năm mà trang chỉ số mở ra (năm gần nhất có đủ báo cáo "
        "đã duyệt).")),
    OpenApiParameter("unit", OpenApiTypes.STR, description=(
        "Mã đơn vị hành chính (ví dụ phu-vang); bỏ trống: cả phạm vi của người dùng.")),
    OpenApiParameter("vsic", OpenApiTypes.STR, description="Mã ngành VSIC 2018 cấp 2, ví dụ 10."),
    OpenApiParameter("size", OpenApiTypes.STR, enum=["micro", "small", "medium", "large"],
                     description="Quy mô cơ sở theo Nghị định 80/2021/NĐ-CP."),
]
PRIVATE_FILTERS = [
    *FILTERS,
    OpenApiParameter("plan", OpenApiTypes.STR, description=(
        "Mã kế hoạch; nếu có, kế hoạch phải là kế hoạch mà số liệu của năm và địa bàn này "
        "được so sánh (nếu không: lỗi 400).")),
    OpenApiParameter("provisional", OpenApiTypes.BOOL, description=(
        "true: tính cả báo cáo đã nộp chưa duyệt (số liệu tạm tính).")),
]
#: An indicator as ``sxsh indicators`` writes it (``Result.as_json``).
FIGURES = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {
            "numerator": {"type": "integer", "nullable": True},
            "denominator": {"type": "number", "nullable": True},
            "value": {"type": "number", "nullable": True},
            "categories": {"type": "object", "additionalProperties": {"type": "object"}},
            "note": {"type": "string"},
            "status": {"type": "string"},
            "hidden": {"type": "boolean"},
        },
    },
}


def _board(request: Request, *, base, units, public: bool):
    """The board of the filters in the query, read as the page's filter form reads them."""
    params = request.query_params
    version = caching.inputs_version()
    data = {"year": params.get("year") or str(selectors.cached_default_year(version, base)),
            "admin_unit": params.get("unit", ""), "vsic": params.get("vsic", ""),
            "size": params.get("size", "")}
    if not public and params.get("provisional", "").lower() in ("true", "1", "on"):
        data["provisional"] = "on"
    form = IndicatorFilterForm(data, units=units, public=public)
    if not form.is_valid():
        raise ValidationError({("unit" if k == "admin_unit" else k): v
                               for k, v in form.errors.items()})
    # The year alone, as the command computes it: the pages' cached board also computes
    # every year of the plan for their charts, which the JSON does not carry.
    # A signed-in reader's targets are their department's province's plans (as on the page).
    agency_id = None if public else getattr(request.user, "agency_id", None)
    # Each year kept as the pages keep it (caching.YearKeeper): a repeat computes nothing.
    return board(form.scope(base=base, agency_id=agency_id), form.cleaned_data["year"],
                 series=False, kept=caching.YearKeeper.at(version))


class OneBoard(AutoSchema):
    """The schema of a ``list`` that answers one object (the board), not a list of them."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class IndicatorViewSet(viewsets.ViewSet):
    """The plan's indicators I1–I7 for a year, over the facilities the user reads."""

    schema = OneBoard()

    permission_classes = [holds("indicators.dashboard")]

    @extend_schema(
        summary="Chỉ số của kế hoạch theo năm",
        description=(
            "Các chỉ số I1–I7 của một năm trên các cơ sở người dùng được xem (cán bộ địa "
            "phương: địa bàn của mình), cùng dữ liệu JSON như lệnh `sxsh indicators`: tử số, "
            "mẫu số, giá trị (tỷ lệ), theo nhóm tiết kiệm, và trạng thái so với mục tiêu."),
        parameters=PRIVATE_FILTERS, responses={200: FIGURES}, tags=["chỉ số"])
    def list(self, request: Request) -> Response:
        user = signed_in(request)
        result = _board(request, base=Facility.objects.for_user(user),
                        units=selectors.units_for(user), public=False)
        code = request.query_params.get("plan")
        if code and (result.plan is None or result.plan.code != code):
            named = Plan.objects.for_user(user).filter(code=code).first()
            raise ValidationError({"plan": [_(
                "The figures of %(year)s here are measured against %(plan)s, not %(code)s.") % {
                "year": result.year, "plan": result.plan or _("no plan"),
                "code": named or code}]})
        return Response(board_json(result))

    @extend_schema(
        summary="Chỉ số công khai",
        description=(
            "Các chỉ số công khai như trang /indicators/public/, không cần đăng nhập: chỉ tính "
            "báo cáo đã duyệt; số liệu tính từ ít hơn K cơ sở (INDICATORS_MIN_FACILITIES) "
            "không được công bố: các số của nó là null và `hidden` là true."),
        parameters=FILTERS, responses={200: FIGURES}, tags=["chỉ số"])
    @action(detail=False, permission_classes=[AllowAny])
    def public(self, request: Request) -> Response:
        units = AdminUnit.objects.for_user(None).local().exclude(
            level=AdminUnit.Level.PROVINCE).order_by("level", "name")
        result = _board(request, base=Facility.objects.all(), units=units, public=True)
        return Response(board_json(result, public=True))
