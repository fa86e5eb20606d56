from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("open/", views.report_open, name="open"),
    path("<int:pk>/v<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/v<int:number>/narrative/", views.narrative_save, name="narrative"),
    path("<int:pk>/v<int:number>/issue/", views.version_issue, name="issue"),
    path("<int:pk>/v<int:number>/<str:kind>/", views.version_file, name="file"),
    path("<int:pk>/new-version/", views.version_new, name="new_version"),
    path("<int:pk>/compare/", views.version_compare, name="compare"),
]
