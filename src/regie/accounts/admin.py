from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from regie.accounts.models import Organisation, User
from regie.accounts.services import second_factor_reset


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "partner")


@admin.register(User)
class RegieUserAdmin(UserAdmin[User]):
    list_display = ("username", "role", "organisation", "is_active")
    list_filter = ("role", "organisation", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Regie", {"fields": ("role", "organisation")}))
    actions = ("second_factor_reset_action",)

    @admin.action(description="Tweede factor herstellen (telefoon kwijt)")
    def second_factor_reset_action(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        assert isinstance(request.user, User)
        for user in queryset:
            second_factor_reset(user=user, reset_by=request.user)
        self.message_user(
            request,
            f"Tweede factor hersteld voor {queryset.count()} gebruiker(s); zij stellen bij de "
            "volgende keer inloggen een nieuwe app in.",
            messages.SUCCESS,
        )
