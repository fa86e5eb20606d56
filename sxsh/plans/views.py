"""Pages of the plans context: the plans, a plan as issued, its checker, its exports."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sxsh.core.capabilities import can, capability_required
from sxsh.core.exporting import attachment_response

from . import models as m
from .checks import plan_findings
from .exports import APPENDICES, FORMATS, export_filename, plan_export
from .selectors import plan_budget, plan_task_groups, plans_for

PAGE_SIZE = 20


@require_safe
def plan_list(request):
    page = Paginator(plans_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/list.html", {"page": page})


@require_safe
def plan_detail(request, code: str):
    plan = m.Plan.objects.select_related("issuer").get_for_user_or_404(request.user, code=code)
    return render(request, "plans/detail.html", {
        "plan": plan,
        "legal_bases": plan.legal_bases.all(),
        "objectives": plan.objectives.all(),
        "targets": plan.targets.all(),
        "groups": plan_task_groups(plan),
        "budget": plan_budget(plan),
        "can_check": can(request.user, "plans.check"),
        "can_estimate": bool(request.user.is_authenticated and request.user.agency_id
                             and can(request.user, "plans.estimate", request.user.agency)),
    })


@capability_required("plans.check")
@require_safe
def plan_check(request, code: str):
    plan = m.Plan.objects.get_for_user_or_404(request.user, code=code)
    findings = plan_findings(plan)
    if request.GET.get("format") == "json":
        return JsonResponse([f.as_dict() for f in findings], safe=False,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, "plans/check.html", {"plan": plan, "findings": findings})


@require_safe
def plan_download(request, code: str, appendix: str, fmt: str):
    if appendix not in APPENDICES or fmt not in FORMATS:
        raise Http404
    plan = m.Plan.objects.get_for_user_or_404(request.user, code=code)
    return attachment_response(plan_export(plan, appendix=appendix, fmt=fmt),
                               filename=export_filename(plan, appendix, fmt))
