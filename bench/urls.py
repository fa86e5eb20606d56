"""The project's addresses and ``/bench/trivial/``: the yardstick of the public page's
requests per second, served by the same gunicorn with the same middleware."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/trivial/", trivial), path("", include("sxsh.urls"))]
