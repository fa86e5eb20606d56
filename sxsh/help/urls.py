from django.urls import path

from . import views

app_name = "help"
urlpatterns = [
    path("", views.index, name="index"),
    path("visitor/", views.visitor, name="visitor"),
    path("<slug:role>/", views.role_guide, name="guide"),
]
