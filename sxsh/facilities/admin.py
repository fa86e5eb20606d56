"""The administrator's pages for facilities: link enterprise accounts, publish a name.

The admin does not bypass the rules of the register: a change is checked by
``services.facility_clean`` and the Decree 80 size class is computed by the service's
``facility_size``, never typed in. Reports are read-only here: they change through the
report form and its review.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from . import services
from .models import Facility, Report
from .selectors import linkable_accounts


class FacilityAdminForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = [*services.FACILITY_FIELDS, "accounts", "published", "is_demo"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        merged = {f: data.get(f) for f in services.FACILITY_FIELDS}
        merged["tax_code"] = merged["tax_code"] or ""
        try:
            services.facility_clean(data=merged, pk=self.instance.pk)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, errors)
        return data


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    form = FacilityAdminForm
    list_display = ("tax_code", "name", "admin_unit", "vsic", "size_class", "published",
                    "is_demo")
    list_filter = ("admin_unit", "vsic", "size_class", "published", "is_demo")
    search_fields = ("tax_code", "name")
    list_select_related = ("admin_unit", "vsic")
    filter_horizontal = ("accounts",)
    readonly_fields = ("size_class", "size_reason")

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "accounts":
            kwargs["queryset"] = linkable_accounts()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Facility, form, change: bool) -> None:
        obj.size_class, obj.size_reason = services.facility_size(
            {f: getattr(obj, f) for f in ("employees", "revenue_bn_vnd", "capital_bn_vnd")})
        super().save_model(request, obj, form, change)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("facility", "year", "status", "source", "energy_toe", "co2e_t")
    list_filter = ("status", "source", "year")
    search_fields = ("facility__tax_code", "facility__name")
    list_select_related = ("facility",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False
