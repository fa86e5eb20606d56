"""Pages of the activities: the list, an activity with its participants, the forms, the
uploads (activities file, sign-in sheet)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sxsh.core import concurrency
from sxsh.core.capabilities import can, capability_required
from sxsh.core.downloads import file_download
from sxsh.core.exporting import FORMATS, attachment_response
from sxsh.core.forms import add_service_errors
from sxsh.core.paging import filter_query
from sxsh.core.uploads import upload_opener

from . import interchange, selectors, services
from .forms import ActivityFilterForm, ActivityForm, FileForm, OutputForm
from .models import Activity, Attendance, Output

PAGE_SIZE = 25


@capability_required("activities.view")
@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else {}
    activities = selectors.activity_list(user=request.user, **filters)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        rows = interchange.activity_rows(activities)
        if request.GET.get("what") == "attendance":
            rows = interchange.attendance_rows(Attendance.objects.for_user(request.user)
                                               .filter(activity__in=activities.values("pk")))
            return attachment_response(interchange.export("attendance", rows, fmt),
                                       filename=f"nguoi-tham-du.{fmt}")
        return attachment_response(interchange.export("activities", rows, fmt),
                                   filename=f"hoat-dong.{fmt}")
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "activities/list.html", {
        "form": form, "page": page, "query": filter_query(request.GET),
        "can_manage": can(request.user, "activities.manage"), "upload": FileForm(),
    })


def _detail_page(request: HttpRequest, activity: Activity,
                 output_form: OutputForm | None = None, status: int = 200) -> HttpResponse:
    attendees = list(selectors.participants(activity=activity, user=request.user))
    return render(request, "activities/detail.html", {
        "activity": activity, "attendees": attendees,
        "genders": selectors.gender_counts(attendees),
        "facilities": len({a.facility_id for a in attendees if a.facility_id}),
        "outputs": list(selectors.outputs(activity=activity, user=request.user)),
        "can_manage": can(request.user, "activities.manage"), "upload": FileForm(),
        "output_form": output_form or OutputForm(),
    }, status=status)


def _activity(request: HttpRequest, code: str) -> Activity:
    return Activity.objects.select_related("task__plan", "budget_line").get_for_user_or_404(
        request.user, code=code)


@capability_required("activities.view")
@require_safe
def activity_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail_page(request, _activity(request, code))


@capability_required("activities.manage")
@require_POST
def output_add(request: HttpRequest, code: str) -> HttpResponse:
    """A file or a link that the activity produced; on an error the page shows the form back."""
    activity = _activity(request, code)
    form = OutputForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.output_add(activity=activity, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The output is added."))
            return redirect("activities:detail", code=activity.code)
    return _detail_page(request, activity, form, status=400)


@capability_required("activities.manage")
@require_POST
def output_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    output = Output.objects.get_for_user_or_404(request.user, pk=pk, activity__code=code)
    services.output_remove(output=output, user=request.user)
    messages.success(request, _("The output is removed."))
    return redirect("activities:detail", code=code)


@capability_required("activities.view")
@require_safe
def output_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """An output's file, to those who may read its activity (never a bare media address)."""
    output = Output.objects.get_for_user_or_404(request.user, pk=pk, activity__code=code)
    return file_download(output.file)


@capability_required("activities.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    activity = (Activity.objects.get_for_user_or_404(request.user, code=code)
                if code is not None else None)
    form = ActivityForm(request.POST or None, instance=activity)
    concurrency.opened(form, activity, services.ACTIVITY_FIELDS)
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                activity = services.activity_create(data=form.cleaned_data, user=request.user)
            else:
                activity = services.activity_update(
                    activity=activity, data=form.cleaned_data, user=request.user,
                    expected_version=concurrency.expected(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
            concurrency.reopen(form, activity, services.ACTIVITY_FIELDS)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("activities:detail", code=activity.code)
    return render(request, "activities/edit.html", {"form": form, "activity": activity})


@capability_required("activities.manage")
@require_POST
def activities_upload(request: HttpRequest) -> HttpResponse:
    """An activities file (the columns of ``import-activities``), all rows or none."""
    form = FileForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        result = interchange.import_activities(upload_opener(upload_file),
                                               file_name=upload_file.name,
                                               user=request.user, as_upload=True)
    return render(request, "activities/upload_result.html", {
        "form": form, "result": result, "back": redirect("activities:list").url})


@capability_required("activities.manage")
@require_POST
def attendance_upload(request: HttpRequest, code: str) -> HttpResponse:
    """A sign-in sheet typed in Excel for this activity, all rows or none."""
    activity = Activity.objects.get_for_user_or_404(request.user, code=code)
    form = FileForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        result = interchange.import_attendance(
            upload_opener(upload_file), file_name=upload_file.name, user=request.user,
            as_upload=True, activity=activity)
        if result.ok:
            messages.success(request, _(
                "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s "
                "unchanged.") % result.__dict__)
            return redirect("activities:detail", code=activity.code)
    return render(request, "activities/upload_result.html", {
        "form": form, "result": result, "activity": activity,
        "back": redirect("activities:detail", code=activity.code).url})
