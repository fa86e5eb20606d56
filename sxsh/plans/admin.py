"""The administration area for plans: the plan file is the source; edits here are audited
and a later plan-load of the file brings the plan back to the file."""

from django.contrib import admin

from . import models as m


class TargetInline(admin.TabularInline):
    model = m.Target
    extra = 0


class LegalBasisInline(admin.TabularInline):
    model = m.LegalBasis
    extra = 0


@admin.register(m.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "issued_on", "start_year", "end_year", "issuer")
    list_select_related = ("issuer",)
    search_fields = ("number", "title", "code")
    inlines = [LegalBasisInline, TargetInline]


@admin.register(m.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("code", "content", "plan", "lead_agency", "start_year", "end_year")
    list_filter = ("plan",)
    list_select_related = ("plan", "lead_agency")
    search_fields = ("code", "content")
    filter_horizontal = ("partner_agencies",)


class BudgetAmountInline(admin.TabularInline):
    model = m.BudgetAmount
    extra = 0


class BudgetSourceAmountInline(admin.TabularInline):
    model = m.BudgetSourceAmount
    extra = 0


@admin.register(m.BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ("code", "content", "plan", "task", "unit", "total_million_vnd")
    list_filter = ("plan",)
    list_select_related = ("plan", "task")
    inlines = [BudgetAmountInline, BudgetSourceAmountInline]


@admin.register(m.YearBudget)
class YearBudgetAdmin(admin.ModelAdmin):
    list_display = ("plan", "year", "status", "decision_number", "decision_date")
    list_filter = ("plan", "status")
    list_select_related = ("plan",)


@admin.register(m.Expenditure)
class ExpenditureAdmin(admin.ModelAdmin):
    list_display = ("on", "line", "year", "source", "kind", "amount_million_vnd", "reference")
    list_filter = ("kind", "year")
    list_select_related = ("line", "source")


@admin.register(m.TaskProgress)
class TaskProgressAdmin(admin.ModelAdmin):
    list_display = ("task", "reported_on", "agency", "status", "percent")
    list_filter = ("status",)
    list_select_related = ("task", "agency")


admin.site.register([m.FundingSource, m.TaskGroup, m.Objective, m.StatedTotal,
                     m.TextQuantity, m.Estimate])
