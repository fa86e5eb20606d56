from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import editor_views, views
from .feeds import LatestFeed
from .sitemaps import SITEMAPS

app_name = "portal"

#: Mounted at the site's root: the public home itself is ``welcome`` (sxsh/urls.py).
urlpatterns = [
    path("search/", views.search, name="search"),
    path("feed/", LatestFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("news/", views.article_list, name="articles"),
    path("news/<slug:slug>/", views.article_detail, name="article"),
    path("library/", views.document_list, name="documents"),
    path("library/<slug:slug>/", views.document_detail, name="document"),
    path("library/<slug:slug>/download/", views.document_download, name="download"),
    path("case-studies/", views.case_study_list, name="case_studies"),
    path("case-studies/<slug:slug>/", views.case_study_detail, name="case_study"),
    path("solutions/", views.solution_list, name="solutions"),
    path("picture/<str:kind>/<slug:slug>/", views.content_image, name="picture"),
    path("picture/<str:kind>/<slug:slug>/<int:pk>/", views.content_image,
         name="gallery_picture"),
    path("portal/edit/", editor_views.content_list, name="edit_list"),
    path("portal/edit/<str:kind>/new/", editor_views.content_edit, name="create"),
    path("portal/edit/<str:kind>/<int:pk>/", editor_views.content_edit, name="edit"),
    path("portal/edit/<str:kind>/<int:pk>/pictures/", editor_views.picture_add,
         name="picture_add"),
    path("portal/edit/<str:kind>/<int:pk>/pictures/<int:picture>/<str:change>/",
         editor_views.picture_change, name="picture_change"),
    path("portal/edit/<str:kind>/<int:pk>/<str:step>/", editor_views.content_step,
         name="step"),
]
