from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("", views.package_list, name="list"),
    path("<int:pk>/", views.package_detail, name="detail"),
    path("year/<int:year>/", views.year_page, name="year"),
]
