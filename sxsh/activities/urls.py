from django.urls import path

from . import network_views, survey_views, views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_edit, name="create"),
    path("upload/", views.activities_upload, name="upload"),
    path("surveys/", survey_views.survey_list, name="surveys"),
    path("surveys/<slug:code>/", survey_views.survey_detail, name="survey"),
    path("surveys/<slug:code>/xlsform/", survey_views.survey_xlsform, name="survey_xlsform"),
    path("surveys/<slug:code>/import/", survey_views.survey_import, name="survey_import"),
    path("surveys/<slug:code>/answer/", survey_views.response_enter, name="response_enter"),
    path("surveys/<slug:code>/answers/<int:pk>/", survey_views.response_detail,
         name="response"),
    path("network/", network_views.network, name="network"),
    path("network/focal-points/new/", network_views.focal_point_edit, name="focal_point_create"),
    path("network/focal-points/<int:pk>/", network_views.focal_point_edit, name="focal_point"),
    path("network/<slug:unit>/<int:year>/", network_views.local_report, name="local_report"),
    path("awards/", network_views.award_list, name="awards"),
    path("awards/new/", network_views.award_edit, name="award_create"),
    path("awards/<int:pk>/", network_views.award_edit, name="award"),
    path("<str:code>/", views.activity_detail, name="detail"),
    path("<str:code>/edit/", views.activity_edit, name="edit"),
    path("<str:code>/attendance/", views.attendance_upload, name="attendance_upload"),
    path("<str:code>/outputs/", views.output_add, name="output_add"),
    path("<str:code>/outputs/<int:pk>/", views.output_file, name="output_file"),
    path("<str:code>/outputs/<int:pk>/remove/", views.output_remove, name="output_remove"),
]
