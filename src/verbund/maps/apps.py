from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "verbund.maps"
    label = "maps"
    verbose_name = _("Map")

    def ready(self) -> None:
        from corsheaders.signals import check_request_enabled

        from verbund.maps.security import cors_for_widget_data

        check_request_enabled.connect(cors_for_widget_data, dispatch_uid="verbund.maps.cors")

        # Every registry write places the pin from the address (organizations.hooks).
        from verbund.maps.services import PinHook
        from verbund.organizations import hooks

        if not any(isinstance(hook, PinHook) for hook in hooks.location_hooks):
            hooks.location_hooks.append(PinHook())
