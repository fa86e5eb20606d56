"""The site's addresses plus a trivial view, for ``portal_rps.py`` only: the baseline that
shares the server, the middleware and the settings with the portal's pages."""

from django.http import HttpResponse
from django.urls import path

from sxsh.urls import urlpatterns as site


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *site]
