from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "verbund.organizations"
    label = "organizations"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from verbund.organizations.history import describe_registry

        describe_registry()

        from django.utils.translation import gettext as gettext_now

        from verbund.core import personal_data
        from verbund.organizations import queries

        def last_administrator(person: object) -> list[str]:
            return [
                gettext_now(
                    "You are the only administrator of %(name)s. Make someone else its "
                    "administrator first (Organisation → People), then delete your account."
                )
                % {"name": organization.name}
                for organization in queries.organizations_only_administered_by(person)
            ]

        personal_data.register_section("affiliations", queries.personal_affiliations)
        personal_data.register_section("contact_entries", queries.personal_contact_entries)
        personal_data.register_blocker(last_administrator)
