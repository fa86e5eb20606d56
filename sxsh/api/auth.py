"""The API's personal tokens as a DRF authentication class: ``Authorization: Bearer
sxsh_<prefix>_<secret>``. The token acts exactly as its user (``request.user``); the token
itself is ``request.auth``, which the rate limits key on (``common``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .tokens import Refused, token_for_key

KEYWORD = b"bearer"


class TokenAuthentication(BaseAuthentication):
    """Listed first in ``DEFAULT_AUTHENTICATION_CLASSES``: its ``WWW-Authenticate`` makes
    DRF answer a refused or missing credential with 401 (a session alone would get 403)."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None  # not ours: the session may still sign the request
        if len(parts) != 2:
            raise AuthenticationFailed(_("Invalid token header: write “Bearer” and the "
                                         "token, separated by one space."))
        try:
            token = token_for_key(parts[1].decode("ascii"))
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Invalid token.")) from None
        except Refused as exc:
            raise AuthenticationFailed(str(exc)) from None
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (drf-spectacular finds it by its target class)."""

    target_class = "sxsh.api.auth.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "sxsh_<prefix>_<secret>",
                "description": "Token cá nhân tạo ở trang Tài khoản → Token API."}
