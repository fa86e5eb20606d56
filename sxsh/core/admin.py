from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import audit
from . import models as m


@admin.register(m.User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "agency", "admin_unit", "is_active")
    list_filter = ("role", "is_active", "agency")
    search_fields = ("username", "full_name", "email")
    list_select_related = ("agency", "admin_unit")
    # Django sets UserAdmin.fieldsets; the stubs type it as optional.
    fieldsets = BaseUserAdmin.fieldsets + (  # type: ignore[operator]
        (_("Role and organisation"), {"fields": ("full_name", "role", "agency", "admin_unit")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Role and organisation"), {"fields": ("full_name", "role", "agency", "admin_unit")}),
    )

    def user_change_password(self, request, id, form_url=""):
        # The password is left out of the field diffs (its hash says nothing): a change of it
        # is an action, recorded when the hash really changed.
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None and request.method == "POST":
            user.refresh_from_db(fields=["password"])
            if user.password != before:
                audit.log_action(user, "core.user.password_changed", user=request.user)
        return response


class SuccessionInline(admin.TabularInline):
    model = m.AdminUnitSuccession
    fk_name = "predecessor"
    extra = 0


@admin.register(m.AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "valid_from", "valid_to", "verified")
    list_filter = ("level", "verified")
    search_fields = ("name", "code")
    list_select_related = ("parent",)
    inlines = [SuccessionInline]


@admin.register(m.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent", "admin_unit")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "code", "aliases")
    list_select_related = ("parent", "admin_unit")


@admin.register(m.VsicDivision)
class VsicDivisionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "name_en", "source")
    search_fields = ("code", "name_vi", "name_en")


@admin.register(m.SizeThreshold)
class SizeThresholdAdmin(admin.ModelAdmin):
    list_display = ("sector_group", "size", "valid_from_year", "max_employees",
                    "max_revenue_bn_vnd", "max_capital_bn_vnd", "source")
    list_filter = ("sector_group", "valid_from_year")


@admin.register(m.GridEmissionFactor)
class GridEmissionFactorAdmin(admin.ModelAdmin):
    list_display = ("year", "tco2e_per_mwh", "status", "source")
    list_filter = ("status",)


@admin.register(m.EnergyConversionFactor)
class EnergyConversionFactorAdmin(admin.ModelAdmin):
    list_display = ("carrier", "unit", "grade", "valid_from_year", "toe_per_unit", "status",
                    "source")
    list_filter = ("carrier", "status")


@admin.register(m.FuelEmissionFactor)
class FuelEmissionFactorAdmin(admin.ModelAdmin):
    list_display = ("fuel", "valid_from_year", "co2_kg_per_tj", "ncv_tj_per_gg",
                    "ch4_kg_per_tj", "n2o_kg_per_tj", "biogenic", "source")


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditEntryAdmin(LogEntryAdmin):
    """auditlog's own pages, with the summary of changes in the user's language (auditlog
    writes "2 changes: name, address" in English, with the fields' code names)."""

    @admin.display(description=_("Changes"))
    def msg_short(self, obj: LogEntry) -> str:
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        changes = obj.changes_dict
        labels = ", ".join(str(get_field_verbose_name(obj, name)) for name in changes)
        return ngettext("%(count)d change: %(fields)s", "%(count)d changes: %(fields)s",
                        len(changes)) % {"count": len(changes), "fields": labels}
