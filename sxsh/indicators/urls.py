from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("public/", views.public, name="public"),
    path("provinces/", views.provinces, name="provinces"),
    path("provinces/<slug:code>/", views.province, name="province"),
    path("<str:code>/<str:part>/", views.facility_list, name="facilities"),
]
