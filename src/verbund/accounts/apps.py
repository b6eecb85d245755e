from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "verbund.accounts"
    label = "accounts"
    verbose_name = _("People and logins")

    def ready(self) -> None:
        from verbund.accounts import queries
        from verbund.core import personal_data
        from verbund.core.history import Action, describe

        describe(
            {
                "person.created": _("Account created"),
                "person.signed_up": _("Signed up"),
                "person.settings": _("Name or language changed"),
                "person.updated": _("Account changed"),
                "person.permissions": Action(
                    _("Staff, superuser or group membership changed"),
                    labels={"groups": _("Groups")},
                ),
                "person.data_exported": _("Downloaded their data"),
                "person.deleted": _("Deleted their account"),
            }
        )
        personal_data.register_section("account", queries.account_data)
        personal_data.register_section("audit_entries_made", queries.audit_entries_made)
