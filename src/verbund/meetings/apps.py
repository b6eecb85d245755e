from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "verbund.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from verbund.core import personal_data
        from verbund.meetings import queries

        personal_data.register_section("meeting_invitations", queries.personal_invitations)
