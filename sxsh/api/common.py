"""What the API's writable resources share: ``ETag`` / ``If-Match`` over the version token
of ``sxsh.core.concurrency``, and the rate limits per token.

Rate limits: DRF's throttles count in Django's default cache. This project configures no
cache, so that is the local-memory cache of each worker process: with ``n`` gunicorn
workers a token may make up to ``n`` times its limit, and a restart forgets the counts.
For a hard limit across workers, point ``CACHES["default"]`` at a shared cache (Redis,
Memcached or the database cache).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import django_filters
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import filters, serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from sxsh.core.concurrency import version
from sxsh.core.models import User
from sxsh.core.scoping import BIGGEST_ID
from sxsh.core.years import FIRST_YEAR, LAST_YEAR

from .models import Token

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView as _View
else:
    # Not imported here: DRF's views load this module for the throttles below.
    _View = object

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _("Send the If-Match header with the ETag of the record as you read "
                       "it, so that nobody's changes are overwritten.")
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record has changed since you read it: read it again (GET) and "
                       "send your change with its new ETag.")
    default_code = "precondition_failed"


def etag_of(token: str) -> str:
    """The strong ETag of a record whose version token (``core.concurrency``) is ``token``."""
    return f'"{hashlib.sha256(token.encode()).hexdigest()[:32]}"'


def matching(request, token: str) -> str:
    """``token``, when the request's ``If-Match`` names the record whose version token it
    is; 428 without the header, 412 when the record changed. The caller holds the record
    locked (``select_for_update``) until the service has written."""
    given = request.headers.get("If-Match", "").strip()
    if not given:
        raise PreconditionRequired
    tags = {tag.strip().removeprefix("W/") for tag in given.split(",")}
    if "*" not in tags and etag_of(token) not in tags:
        raise PreconditionFailed
    return token


class Problem(serializers.Serializer):
    """An error answer: DRF's ``detail`` (a 400 by field has one list per field instead)."""

    detail = serializers.CharField()


#: The error answers of a read, then of a write, for the schema.
ERRORS = {
    401: OpenApiResponse(Problem, description="Thiếu token, token sai, đã thu hồi hoặc hết hạn."),
    403: OpenApiResponse(Problem, description="Vai trò của người dùng không có quyền này."),
    404: OpenApiResponse(Problem, description="Không có bản ghi này trong phạm vi người dùng."),
    429: OpenApiResponse(Problem, description="Quá giới hạn số yêu cầu của token; thử lại sau "
                                              "số giây trong tiêu đề Retry-After."),
}
WRITE_ERRORS = {
    **ERRORS,
    400: OpenApiResponse(description="Dữ liệu không hợp lệ: danh sách lỗi theo từng trường."),
    412: OpenApiResponse(Problem, description="Bản ghi đã bị sửa sau khi đọc (ETag khác)."),
    428: OpenApiResponse(Problem, description="Thiếu tiêu đề If-Match."),
}


class _TokenThrottle(SimpleRateThrottle):
    """Counts the requests of one token (``request.auth``); a session is not limited here."""

    writes = False

    def allow_request(self, request, view) -> bool:
        if (request.method not in SAFE_METHODS) != self.writes:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, Token):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class TokenReadThrottle(_TokenThrottle):
    scope = "token_read"


class TokenWriteThrottle(_TokenThrottle):
    scope = "token_write"
    writes = True


def user_of(request) -> User:
    """The signed-in user of a request the view's permissions let through."""
    return cast(User, request.user)


class Versioned(_View):
    """A viewset's detail answered with its ``ETag`` and its updates guarded by
    ``If-Match``: the record is read under lock, compared, and handed to the service (``write``)
    with its version token, in one transaction — no lost update through the API either."""

    #: The fields whose values make the version token.
    version_fields: tuple[str, ...] = ()

    def answer(self, obj: models.Model, status_code: int = status.HTTP_200_OK, *,
               fresh: bool = False) -> Response:
        """``obj`` with its ETag; read again through the view's queryset after a write
        (unless ``fresh``)."""
        if not fresh:
            obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data, status=status_code,
                        headers={"ETag": etag_of(self.token(obj))})

    def token(self, obj: models.Model) -> str:
        """``obj``'s version token: the values of ``version_fields`` (unless the service
        keeps another)."""
        return version(obj, self.version_fields)

    def retrieve(self, request, *args, **kwargs) -> Response:
        return self.answer(self.get_object(), fresh=True)

    def update(self, request, *args, **kwargs) -> Response:
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            obj = self.locked_object()
            expected = matching(request, self.token(obj))
            serializer = self.get_serializer(obj, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            obj = self.write(obj, serializer.validated_data, partial=partial,
                             expected_version=expected)
        return self.answer(obj)

    def locked_object(self) -> Any:
        """The view's object (scope and object permissions as ``get_object``), locked."""
        # DRF's, which answers 404 for an id that is no number (Django's raises ValueError).
        from rest_framework.generics import get_object_or_404

        queryset = self.get_queryset().select_for_update(of=("self",))
        lookup = self.lookup_url_kwarg or self.lookup_field
        obj = get_object_or_404(queryset, **{self.lookup_field: self.kwargs[lookup]})
        self.check_object_permissions(self.request, obj)
        return obj

    def write(self, obj, data: dict, *, partial: bool, expected_version: str) -> models.Model:
        """Hand the update to the service (each viewset says which)."""
        raise NotImplementedError


def written(fields: Iterable[str], data: dict, *, partial: bool) -> dict:
    """What an update writes: the fields sent (PATCH), or every field, the ones left out
    emptied (PUT replaces the record's writable fields)."""
    return {f: data[f] for f in fields if f in data} if partial else \
        {f: data.get(f) for f in fields}


def id_filter(field_name: str, **kwargs: Any) -> django_filters.NumberFilter:
    """A filter by a row's id: a number no id holds is refused (400), not sent to the
    database (a server error there)."""
    return django_filters.NumberFilter(field_name=field_name, min_value=-BIGGEST_ID,
                                       max_value=BIGGEST_ID, **kwargs)


class StableOrdering(filters.OrderingFilter):
    """DRF's ``?ordering=`` with the primary key last: rows that tie on the columns asked
    (two facilities with 50 employees) come in one order on every page, so paging through a
    list never repeats or skips a row. A list without ``?ordering=`` keeps its own order
    (the view's ``ordering``, the selector's, the model's), the key added after it too."""

    def get_ordering(self, request, queryset, view) -> list | None:
        ordering = (super().get_ordering(request, queryset, view)
                    or list(queryset.query.order_by) or list(queryset.model._meta.ordering))
        return total_order(ordering, queryset.model)


def total_order(ordering: Iterable, model: type[models.Model]) -> list:
    """``ordering`` ended with ``model``'s primary key, unless it already holds it."""
    ordering = list(ordering)
    keys = {"pk", model._meta.pk.name, model._meta.pk.attname}
    named = {f.lstrip("-") for f in ordering if isinstance(f, str)}
    return ordering if named & keys else [*ordering, "pk"]


def year_filter(field_name: str, lookup_expr: str = "exact", **kwargs: Any
                ) -> django_filters.NumberFilter:
    """A filter by a year (``core.years``' bounds): a number beyond them is refused (400),
    not turned into a date (a server error there)."""
    return django_filters.NumberFilter(field_name=field_name, lookup_expr=lookup_expr,
                                       min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)
