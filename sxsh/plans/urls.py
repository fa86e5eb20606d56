from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<slug:code>/", views.plan_detail, name="detail"),
    path("<slug:code>/check/", views.plan_check, name="check"),
    path("<slug:code>/appendix-<str:appendix>.<str:fmt>", views.plan_download,
         name="download"),
]
