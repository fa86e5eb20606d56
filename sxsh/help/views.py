from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .guides import GUIDE_NAMES, VISITOR, guide, guide_name_for


@require_safe
def index(request):
    """The list of guides: the visitor's for everyone, every role's for those signed in."""
    names = GUIDE_NAMES if request.user.is_authenticated else (VISITOR,)
    return render(request, "help/index.html", {
        "guides": [guide(name) for name in names], "own": guide_name_for(request.user),
    })


@require_safe
def visitor(request):
    """The public visitor's guide, open to everyone."""
    return render(request, "help/guide.html", {"guide": guide(VISITOR)})


@login_required
@require_safe
def role_guide(request, role: str):
    """A role's guide, for anyone signed in (a colleague may read another role's)."""
    if role not in GUIDE_NAMES or role == VISITOR:
        raise Http404
    return render(request, "help/guide.html", {"guide": guide(role)})
