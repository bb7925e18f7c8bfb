from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from regie.accounts.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "partner")


@admin.register(User)
class RegieUserAdmin(UserAdmin[User]):
    list_display = ("username", "role", "organisation", "is_active")
    list_filter = ("role", "organisation", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Regie", {"fields": ("role", "organisation")}))
