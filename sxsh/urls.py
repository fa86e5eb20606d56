from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from sxsh.core import views as core_views
from sxsh.portal import views as portal_views

admin.site.site_header = "SXSH – Quản trị"
admin.site.site_title = "SXSH"

urlpatterns = [
    # The public CP section is the site's front page, for everyone.
    path("", portal_views.home, name="welcome"),
    path("", include("sxsh.core.urls")),
    path("", include("sxsh.portal.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", core_views.PasswordChangeView.as_view(),
         name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("account/tokens/", include("sxsh.api.tokens_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("plans/", include("sxsh.plans.urls")),
    path("facilities/", include("sxsh.facilities.urls")),
    path("indicators/", include("sxsh.indicators.urls")),
    path("assessments/", include("sxsh.assessments.urls")),
    path("activities/", include("sxsh.activities.urls")),
    path("jobs/", include("sxsh.jobs.urls")),
    path("national/", include("sxsh.national.urls")),
    path("reports/", include("sxsh.reports.urls")),
    path("api/", include("sxsh.api.urls")),
    path("help/", include("sxsh.help.urls")),
]
