"""The project's settings with a trivial view beside its pages, for bench/pages.py only."""

from sxsh.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
