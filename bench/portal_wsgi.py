"""gunicorn's application for ``portal_rps.py``: the site with ``portal_urls`` as its
address table (the trivial view beside the portal)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sxsh.settings")

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "portal_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
