"""People in the admin: every change goes through ``accounts.services`` (with an audit entry),
and ``accounts.policy`` decides who sees and changes whom."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from verbund.accounts import policy, services
from verbund.accounts.models import User


@admin.register(User)
class PersonAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "first_name", "last_name", "preferred_language")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.can_manage_people(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.can_manage_people(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return policy.can_manage_people(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return policy.can_manage_people(request.user)
        return policy.can_edit_person(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Accounts are deactivated, not deleted: the audit log keeps naming who acted.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not policy.can_grant_permissions(request.user):
            readonly += ["is_staff", "is_superuser", "groups"]
        return readonly

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = dict(form.cleaned_data)
        if not change:
            person = services.create_person(request.user, data["email"], data["password1"])
            obj.pk = person.pk
            obj._state.adding = False
            return
        services.update_person(request.user, obj, data)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The groups were set by the service in save_model; only inline forms remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
