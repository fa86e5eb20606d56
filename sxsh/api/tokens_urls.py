from django.urls import path

from . import tokens_views as views

app_name = "tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_new, name="new"),
    path("<int:pk>/revoke/", views.token_revoke_page, name="revoke"),
]
