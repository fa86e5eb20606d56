"""Budget execution over the API: each year of a plan with its budget's step, and a year's
estimates, appraisal, approvals and spending by line and source — as the yearly budget page
reads them (``plans.view_budget``)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from sxsh.plans import models as m
from sxsh.plans.selectors import budget_years, waiting_steps, year_execution

from .permissions import holds, signed_in
from .plans import PLAN_CODE, TAG, money, readable_plan

YEAR = OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH,
                        description="Một năm trong kỳ của kế hoạch.")


class BudgetYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=m.YearBudget.Status.choices, help_text=(
        "Bước của dự toán năm: đang tổng hợp, đã tổng hợp, đã thẩm định, đã phê duyệt…"))
    waiting = serializers.BooleanField(help_text="Dự toán năm đang chờ người dùng xử lý.")


class ExecutionRowSerializer(serializers.Serializer):
    line = serializers.CharField(source="line.code", help_text="Mã dòng kinh phí.")
    funding_source = serializers.CharField(source="source.code",
                                           help_text="Mã nguồn kinh phí.")
    planned = money(help_text="Kế hoạch của năm (triệu đồng).")
    estimated = money(allow_null=True, help_text="Dự toán các cơ quan đề nghị.")
    appraised = money(allow_null=True, help_text="Số tài chính thẩm định.")
    approved = money(allow_null=True, help_text="Phần được phê duyệt của dòng.")
    committed = money(help_text="Đã cam kết.")
    disbursed = money(help_text="Đã giải ngân (kể cả chi phí các hoạt động).")
    settled = money(help_text="Đã quyết toán.")
    activities = money(help_text="Phần giải ngân là chi phí các hoạt động.")
    status = serializers.CharField(source="status.code", allow_null=True, default=None,
                                   help_text="early, over, unspent hoặc within; null: chưa có.")
    warnings = serializers.ListField(child=serializers.CharField())


class ApprovalSerializer(serializers.Serializer):
    funding_source = serializers.CharField(help_text="Mã nguồn kinh phí.")
    approved = money(allow_null=True, help_text="Số quyết định phê duyệt từ nguồn.")
    spent = money(help_text="Đã chi từ nguồn.")


class YearExecutionSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=m.YearBudget.Status.choices)
    rows = ExecutionRowSerializer(many=True)
    approvals = ApprovalSerializer(many=True)
    totals = serializers.DictField(child=money(allow_null=True))
    warnings = serializers.ListField(child=serializers.CharField())


@extend_schema_view(
    list=extend_schema(summary="Các năm ngân sách của kế hoạch", tags=[TAG],
                       parameters=[PLAN_CODE], description=(
                           "Mỗi năm của kế hoạch với bước dự toán đã đến và việc có đang chờ "
                           "người dùng hay không.")),
    retrieve=extend_schema(summary="Thực hiện ngân sách một năm", tags=[TAG],
                           parameters=[PLAN_CODE, YEAR], description=(
                               "Kế hoạch, dự toán, thẩm định, phê duyệt và chi tiêu (cam kết, "
                               "giải ngân, quyết toán) của từng dòng và nguồn trong năm, như "
                               "trang ngân sách năm; số tiền tính bằng triệu đồng.")),
)
class BudgetViewSet(viewsets.GenericViewSet):
    permission_classes = [holds("plans.view_budget")]
    queryset = m.YearBudget.objects.none()  # rows come from the selectors
    filter_backends: list = []
    serializer_class = YearExecutionSerializer
    lookup_field = "year"
    lookup_value_regex = "[0-9]{4}"
    pagination_class = None  # a plan has a handful of years

    def get_serializer_class(self):
        return BudgetYearSerializer if self.action == "list" else YearExecutionSerializer

    def list(self, request: Request, *args, **kwargs) -> Response:
        plan = readable_plan(request, self.kwargs["plan_code"])
        user = signed_in(request)
        years = budget_years(plan, steps=waiting_steps(user), user=user)
        return Response(BudgetYearSerializer(years, many=True).data)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        plan = readable_plan(request, self.kwargs["plan_code"])
        year = int(self.kwargs["year"])
        if year not in plan.years:
            raise Http404
        execution = year_execution(plan, year, user=signed_in(request))
        budget = execution.year_budget
        return Response(YearExecutionSerializer({
            "year": year, "status": budget.status if budget else m.YearBudget.Status.COLLECTING,
            "rows": execution.rows, "totals": execution.totals, "warnings": execution.warnings,
            "approvals": [{"funding_source": source.code, "approved": approved, "spent": spent}
                          for source, approved, spent in execution.approvals],
        }).data)
