from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create, name="create"),
    path("assign/", views.assignment_create, name="assign"),
    path("options/upload/", views.options_upload, name="options_upload"),
    path("options/export/", views.options_export, name="options_export"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/add/<str:part>/", views.part_add, name="part_add"),
    path("<int:pk>/close/", views.assessment_close, name="close"),
    path("<int:pk>/funding/", views.pilot_funding, name="funding"),
    path("<int:pk>/results/", views.pilot_results, name="results"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("<int:pk>/tables.xlsx", views.report_xlsx, name="report_xlsx"),
    path("remove/<str:part>/<int:pk>/", views.part_remove, name="part_remove"),
    path("options/<int:pk>/", views.option_edit, name="option_edit"),
    path("options/<int:pk>/step/", views.option_step, name="option_step"),
    path("options/<int:pk>/verify/", views.option_verify, name="option_verify"),
]
