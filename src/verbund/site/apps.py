from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site-wide pages on top of every app: the home page, the personal dashboard, and
    ``seed_demo``, which loads the demo data of every app."""

    name = "verbund.site"
    label = "site"
    verbose_name = _("Site-wide pages")
