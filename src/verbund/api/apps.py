from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "verbund.api"
    label = "api"
    verbose_name = _("Open-data API")

    def ready(self) -> None:
        from corsheaders.signals import check_request_enabled

        from verbund.api.middleware import cors_for_public_reads

        check_request_enabled.connect(cors_for_public_reads, dispatch_uid="verbund.api.cors")
