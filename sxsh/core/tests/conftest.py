"""The facilities' factories, for the tests of the scope by province."""

from sxsh.facilities.tests.conftest import make_facility, make_report  # noqa: F401
