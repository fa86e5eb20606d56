"""The REST API: ``/api/v1/`` (resources), ``/api/schema/`` (OpenAPI 3) and its documentation.

Each context's endpoints live in a module of this package and are registered on the one
router below; they call the same services and selectors as the pages, ask the same
capabilities and scope with ``for_user``.
"""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

from . import (
    activities,
    annual_reports,
    assessments,
    budget,
    docs,
    indicators,
    national,
    plans,
    portal,
)
from .facilities import FacilityViewSet
from .reports import ReportViewSet


class Root(APIRootView):
    """The list of the API's resources: open, like its schema (each resource asks its own)."""

    permission_classes = [AllowAny]


class Router(DefaultRouter):
    APIRootView = Root


router = Router()
router.register("facilities", FacilityViewSet, basename="api-facility")
router.register("reports", ReportViewSet, basename="api-report")

# Reads of the contexts (plans, budget, progress, indicators, assessments, activities,
# portal, national packages).
router.register("indicators", indicators.IndicatorViewSet, basename="indicator")
router.register("plans", plans.PlanViewSet, basename="plan")
router.register(r"plans/(?P<plan_code>[-\w]+)/progress", plans.ProgressViewSet,
                basename="plan-progress")
router.register(r"plans/(?P<plan_code>[-\w]+)/budget", budget.BudgetViewSet,
                basename="plan-budget")
router.register("assessments", assessments.AssessmentViewSet, basename="assessment")
router.register("options", assessments.OptionViewSet, basename="option")
router.register("activities", activities.ActivityViewSet, basename="activity")
router.register(r"activities/(?P<activity_code>[-\w]+)/attendance",
                activities.AttendanceViewSet, basename="activity-attendance")
router.register("articles", portal.ArticleViewSet, basename="article")
router.register("documents", portal.DocumentViewSet, basename="document")
router.register("case-studies", portal.CaseStudyViewSet, basename="case-study")
router.register("solutions", portal.SolutionViewSet, basename="solution")
router.register("national-packages", national.PackageViewSet, basename="national-package")
router.register("annual-reports", annual_reports.AnnualReportViewSet, basename="annual-report")
router.register(r"annual-reports/(?P<report_pk>[0-9]+)/versions",
                annual_reports.VersionViewSet, basename="annual-report-version")



@csrf_exempt  # it writes nothing: a PATCH there is answered 404 too, not the CSRF page
def not_found(request, rest: str = ""):
    """An address under /api/ that names no resource (``/facilities/1.5e-9/``): a 404 in
    JSON, as every other answer of the API, not the site's HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", docs.page, name="api-docs"),
    re_path(r"^(?P<rest>.*)$", not_found),
]
