"""The administration area for the CP section's categories and tags (the pieces themselves
are written and published in the editor, /portal/edit/, where the workflow is audited)."""

from django.contrib import admin

from . import models as m


@admin.register(m.Category, m.Tag)
class LabelAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
