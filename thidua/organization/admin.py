from django.contrib import admin

from thidua.organization.models import Assignment, Organization, Person, Unit


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "abbreviation", "parent_body", "document_style",
                    "results_publication_required")  # fmt: skip
    # Legal parameters are set on "Tham số pháp lý" (typed, validated, audited with their
    # author); here the stored JSON is only shown.
    readonly_fields = ("rule_overrides",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "organization")
    list_filter = ("organization", "kind")
    search_fields = ("search_text",)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "staff_code", "category", "organization")
    list_filter = ("organization", "category", "gender")
    search_fields = ("search_text", "staff_code")
    inlines = [AssignmentInline]
