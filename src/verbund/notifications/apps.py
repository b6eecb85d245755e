from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "verbund.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from verbund.core import personal_data
        from verbund.notifications import queries

        personal_data.register_section("notifications", queries.personal_notifications)
