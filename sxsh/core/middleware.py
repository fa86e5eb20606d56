from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control

from . import uploads
from .text import control_message, first_control


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and an officer's
    browser set to English would get an English application; the department wants
    Vietnamese by default, with English only on request.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """No copy of a logged-in page or of a download is kept by the browser or a proxy.

    A register, a report or an export left in the cache of a shared office computer
    would be readable by the next person at it, after its user logged out. Static files
    are answered before this middleware (WhiteNoise) and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        download = response.get("Content-Disposition", "").startswith("attachment")
        if download or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True)
        return response


class ControlCharacterMiddleware:
    """A form or an address carrying a control character is refused with a clear page
    (400) before any view reads it: no name may hold one (``sxsh.core.text``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        sources = [request.GET] + ([request.POST] if request.method == "POST" else [])
        for data in sources:
            for key, values in data.lists():
                for value in (key, *values):
                    found = first_control(value)
                    if found and request.path.startswith("/api/"):  # its clients read JSON
                        return JsonResponse({"detail": control_message(key, found)},
                                            status=400)
                    if found:
                        return HttpResponse(render_to_string(
                            "core/control_character.html",
                            {"field": key, "character": found}, request=request), status=400)
        return self.get_response(request)


class UploadSizeMiddleware:
    """A request whose files were over the upload limit (thrown away on the way in by
    ``uploads.SizeLimitUploadHandler``) is refused with a page naming the limit, unless its
    view answers on its own form (``uploads.answers_oversize``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not uploads.too_large(request) or getattr(view_func, "answers_oversize", False):
            return None
        return HttpResponse(render_to_string(
            "core/upload_too_large.html", {"message": uploads.size_limit_message()},
            request=request), status=413)


class DatabaseBusyMiddleware:
    """A write that waited the whole busy timeout for another's (a large import writing on
    SQLite) is refused with a page that says so and that nothing was saved, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, OperationalError)
                and "database is locked" in str(exception)):
            return None
        return HttpResponse(render_to_string("core/database_busy.html", request=request),
                            status=503, headers={"Retry-After": "30"})
