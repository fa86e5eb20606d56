from django.urls import path

from . import views, views_execution

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<slug:code>/", views.plan_detail, name="detail"),
    path("<slug:code>/check/", views.plan_check, name="check"),
    path("<slug:code>/appendix-<str:appendix>.<str:fmt>", views.plan_download,
         name="download"),
    path("<slug:code>/budget/", views_execution.budget_current, name="budget_current"),
    path("<slug:code>/budget/<int:year>/", views_execution.budget_year, name="budget_year"),
    path("<slug:code>/budget/<int:year>.xlsx", views_execution.budget_year_export,
         name="budget_year_export"),
    path("<slug:code>/estimates/", views_execution.estimates_current,
         name="estimates_current"),
    path("<slug:code>/estimates/<int:year>/", views_execution.estimates, name="estimates"),
    path("<slug:code>/progress/", views_execution.progress, name="progress"),
    path("<slug:code>/tasks/<str:task_code>/report/", views_execution.task_report,
         name="task_report"),
    path("evidence/<int:pk>/", views_execution.evidence, name="evidence"),
]
