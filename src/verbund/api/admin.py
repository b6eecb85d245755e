from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.api import policy, services
from verbund.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = [
        "prefix",
        "name",
        "person",
        "scope",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["name", "person__email", "prefix"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    autocomplete_fields = ["person"]
    actions = ["revoke"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.can_manage_tokens(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policy.can_manage_tokens(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return policy.can_manage_tokens(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and policy.can_manage_tokens(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        token, plain = services.create_token(
            request.user, obj.person, obj.name, scope=obj.scope, expires_at=obj.expires_at
        )
        obj.pk = token.pk
        messages.warning(
            request,
            _("The new token is %(token)s — copy it now, it is not shown again.")
            % {"token": plain},
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.revoke_token(request.user, token)
