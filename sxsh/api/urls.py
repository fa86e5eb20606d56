"""The REST API: ``/api/v1/`` (resources), ``/api/schema/`` (OpenAPI 3) and its documentation.

Each context's endpoints live in a module of this package and are registered on the one
router below; they call the same services and selectors as the pages, ask the same
capabilities and scope with ``for_user``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView, DefaultRouter

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

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
