from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormationConfig(AppConfig):
    name = "verbund.formation"
    label = "formation"
    verbose_name = _("Networks in formation")
