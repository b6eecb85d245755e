from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    name = "verbund.assemblies"
    verbose_name = _("Conferences and assemblies")

    def ready(self) -> None:
        from django.utils.translation import gettext

        from verbund.assemblies import queries
        from verbund.core import personal_data

        def conference_ahead(person: object) -> list[str]:
            return [
                gettext(
                    "You take part in %(conference)s, which has not ended yet. Cancel your "
                    "registration or wait until it is over, then delete your account."
                )
                % {"conference": conference.title}
                for conference in queries.conferences_not_over(person)
            ]

        personal_data.register_section("conferences", queries.personal_participations)
        personal_data.register_blocker(conference_ahead)
