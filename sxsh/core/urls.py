from django.urls import path

from . import views

urlpatterns = [
    # The public face of the site; signed-in users' work is at /work/ (they land there).
    path("", views.welcome, name="welcome"),
    path("work/", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
]
