from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_edit, name="create"),
    path("upload/", views.activities_upload, name="upload"),
    path("<str:code>/", views.activity_detail, name="detail"),
    path("<str:code>/edit/", views.activity_edit, name="edit"),
    path("<str:code>/attendance/", views.attendance_upload, name="attendance_upload"),
]
