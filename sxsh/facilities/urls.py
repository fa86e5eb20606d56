from django.urls import path

from . import views

app_name = "facilities"
urlpatterns = [
    path("", views.facility_list, name="list"),
    path("new/", views.facility_edit, name="create"),
    path("<int:pk>/", views.facility_detail, name="detail"),
    path("<int:pk>/edit/", views.facility_edit, name="edit"),
    path("<int:pk>/reports/<int:year>/", views.report_edit, name="report"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.report_review, name="report_review"),
    path("completeness/", views.completeness, name="completeness"),
    path("reminders/", views.reminders, name="reminders"),
    path("upload/", views.upload, name="upload"),
    path("upload/errors/<str:token>/", views.upload_errors, name="upload_errors"),
    path("template/<str:kind>.<str:fmt>", views.template_download, name="template"),
    path("reports/export/", views.report_export, name="report_export"),
]
