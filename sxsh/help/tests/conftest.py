from sxsh.facilities.tests.conftest import make_facility, make_report, vietnamese

__all__ = ["make_facility", "make_report", "vietnamese"]
