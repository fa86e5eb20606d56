"""Plans over the API: the plans and their appendices (open, as the plan pages), and the
progress of their tasks (signed in, as the progress page)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from sxsh.core.models import AdminUnit, Agency
from sxsh.plans import models as m
from sxsh.plans.selectors import plan_budget, plan_task_groups, plans_for, task_statuses

from .permissions import reader, signed_in

TAG = "kế hoạch"
PLAN_CODE = OpenApiParameter("plan_code", OpenApiTypes.STR, OpenApiParameter.PATH,
                             description="Mã kế hoạch, ví dụ 157-kh-ubnd-2016.")


def money(**kwargs) -> serializers.DecimalField:
    """An amount in million đồng, as the plan's tables hold it."""
    return serializers.DecimalField(max_digits=14, decimal_places=3, **kwargs)


def agency_field(**kwargs) -> serializers.SlugRelatedField[Agency]:
    return serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(),
                                        **kwargs)


class PlanSerializer(serializers.ModelSerializer):
    province: serializers.SlugRelatedField[AdminUnit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True)
    issuer = agency_field()

    class Meta:
        model = m.Plan
        fields = ["code", "number", "title", "document_type", "province", "issuer",
                  "issued_on", "start_year", "end_year", "signer", "budget_known"]
        read_only_fields = fields


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Objective
        fields = ["code", "text"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Target
        fields = ["code", "text", "indicator_code", "year", "value_min", "value_max", "unit",
                  "national_value_min", "national_value_max", "national_unit",
                  "national_source"]


class TaskSerializer(serializers.ModelSerializer):
    lead_agency = agency_field(allow_null=True)
    partner_agencies = agency_field(many=True)

    class Meta:
        model = m.Task
        fields = ["code", "content", "purpose", "expected_result", "lead_agency",
                  "partner_agencies", "other_partners", "start_year", "end_year"]


class TaskGroupSerializer(serializers.ModelSerializer):
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta:
        model = m.TaskGroup
        fields = ["code", "title", "tasks"]


class YearAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quantity = serializers.DecimalField(max_digits=12, decimal_places=3, allow_null=True)
    amount_million_vnd = money()


class SourceAmountSerializer(serializers.Serializer):
    funding_source = serializers.CharField(help_text="Mã nguồn kinh phí.")
    amount_million_vnd = money()


class BudgetLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    content = serializers.CharField()
    unit = serializers.CharField()
    group = serializers.CharField(allow_null=True, help_text="Mã nhóm nhiệm vụ.")
    task = serializers.CharField(allow_null=True, help_text="Mã nhiệm vụ.")
    support = serializers.CharField()
    unit_cost_million_vnd = money(allow_null=True)
    total_million_vnd = money()
    years = YearAmountSerializer(many=True)
    sources = SourceAmountSerializer(many=True)


class FundingSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.FundingSource
        fields = ["code", "name"]


class BudgetSerializer(serializers.Serializer):
    years = serializers.ListField(child=serializers.IntegerField())
    sources = FundingSourceSerializer(many=True)
    lines = BudgetLineSerializer(many=True)
    total_million_vnd = money()


class PlanDetailSerializer(PlanSerializer):
    general_objective = serializers.CharField()
    objectives = ObjectiveSerializer(many=True)
    targets = TargetSerializer(many=True)
    task_groups = TaskGroupSerializer(many=True)
    budget = BudgetSerializer()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "general_objective", "objectives", "targets",
                  "task_groups", "budget"]


def plan_appendices(plan: m.Plan) -> dict:
    """The plan with its appendices, read through the plan pages' selectors."""
    table = plan_budget(plan)
    lines = [{
        "code": row.line.code, "content": row.line.content, "unit": row.line.unit,
        "group": row.line.group.code if row.line.group else None,
        "task": row.line.task.code if row.line.task else None,
        "support": row.line.support, "unit_cost_million_vnd": row.line.unit_cost_million_vnd,
        "total_million_vnd": row.total,
        "years": [{"year": year, "quantity": quantity, "amount_million_vnd": amount}
                  for year, (quantity, amount) in sorted(row.cells.items())],
        "sources": [{"funding_source": code, "amount_million_vnd": amount}
                    for code, amount in row.sources.items()],
    } for row in table.rows]
    return {**{name: getattr(plan, name) for name in PlanSerializer.Meta.fields},
            "general_objective": plan.general_objective,
            "objectives": plan.objectives.all(), "targets": plan.targets.all(),
            "task_groups": plan_task_groups(plan),
            "budget": {"years": table.years, "sources": table.sources, "lines": lines,
                       "total_million_vnd": table.total}}


@extend_schema_view(
    list=extend_schema(summary="Danh sách kế hoạch", tags=[TAG], description=(
        "Các kế hoạch sản xuất sạch hơn (công khai, không cần đăng nhập), kỳ mới nhất trước.")),
    retrieve=extend_schema(summary="Một kế hoạch và các phụ lục", tags=[TAG], description=(
        "Kế hoạch với mục tiêu cụ thể, chỉ tiêu, các nhóm nhiệm vụ và nhiệm vụ (Phụ lục I) "
        "và dòng kinh phí theo năm và theo nguồn (Phụ lục II), triệu đồng.")),
)
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    lookup_field = "code"
    filterset_fields = ["start_year", "end_year", "document_type"]
    ordering_fields = ["start_year", "end_year", "issued_on", "number"]

    def get_queryset(self):
        return plans_for(reader(self.request)).select_related("province")

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        plan = self.get_object()
        return Response(PlanDetailSerializer(plan_appendices(plan)).data)


def readable_plan(request: Request, code: str) -> m.Plan:
    """The plan of the address, among those the user reads (404 otherwise)."""
    return get_object_or_404(m.Plan.objects.for_user(reader(request)), code=code)


class ProgressReportSerializer(serializers.ModelSerializer):
    agency = agency_field(allow_null=True)

    class Meta:
        model = m.TaskProgress
        fields = ["reported_on", "status", "percent", "narrative", "agency"]


class TaskStatusSerializer(serializers.Serializer):
    task = serializers.CharField(source="task.code", help_text="Mã nhiệm vụ.")
    content = serializers.CharField(source="task.content")
    start_year = serializers.IntegerField(source="task.start_year")
    end_year = serializers.IntegerField(source="task.end_year")
    latest = ProgressReportSerializer(allow_null=True, help_text=(
        "Báo cáo tiến độ mới nhất mà người dùng được xem; null nếu chưa có."))
    overdue = serializers.BooleanField(help_text="Đã hết thời hạn mà chưa báo cáo hoàn thành.")


@extend_schema_view(list=extend_schema(
    summary="Tiến độ các nhiệm vụ của kế hoạch", tags=[TAG], parameters=[PLAN_CODE],
    description=(
        "Mỗi nhiệm vụ với báo cáo tiến độ mới nhất mà người dùng được xem và cờ quá hạn, như "
        "trang tiến độ; một cơ quan chỉ thấy báo cáo của các nhiệm vụ mình chủ trì hoặc "
        "phối hợp.")))
class ProgressViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = TaskStatusSerializer
    queryset = m.TaskProgress.objects.none()  # rows come from the selectors
    filter_backends: list = []
    pagination_class = None  # a plan has a few dozen tasks: one list

    def list(self, request: Request, *args, **kwargs) -> Response:
        plan = readable_plan(request, self.kwargs["plan_code"])
        statuses = task_statuses(plan, signed_in(request))
        return Response(TaskStatusSerializer(statuses, many=True).data)
