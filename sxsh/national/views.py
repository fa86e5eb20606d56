"""Pages of the national context: the imported packages and each package's tables."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sxsh.core import years
from sxsh.core.audit import history
from sxsh.core.capabilities import capability_required

from .models import Package
from .selectors import package_table, packages_for, year_comparison


@capability_required("national.read")
@require_safe
def package_list(request):
    return render(request, "national/package_list.html",
                  {"packages": packages_for(request.user)})


@capability_required("national.read")
@require_safe
def package_detail(request, pk: int):
    package = Package.objects.get_for_user_or_404(request.user, pk=pk)
    return render(request, "national/package_detail.html",
                  {"package": package, "table": package_table(package),
                   "history": history(package)})


@capability_required("national.read")
@require_safe
def year_page(request, year: int):
    if not years.is_year(year):
        raise Http404  # an address with no year in it, not a year without packages
    return render(request, "national/year.html",
                  {"comparison": year_comparison(request.user, year)})
