from django.urls import path

from . import views

urlpatterns = [
    # The public face of the site ("welcome", at /) is the portal's home (sxsh/urls.py);
    # signed-in users' work is at /work/ (they land there).
    path("work/", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
]
