from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsitesConfig(AppConfig):
    name = "verbund.websites"
    label = "websites"
    verbose_name = _("Websites")

    def ready(self) -> None:
        from verbund.core.history import describe

        describe(
            {
                "website.created": _("Website created"),
                "website.updated": _("Website settings changed"),
                "website_page.created": _("Website page created"),
                "website_page.updated": _("Website page changed"),
                "website_page.removed": _("Website page removed"),
                "website_post.created": _("News post created"),
                "website_post.updated": _("News post changed"),
                "website_post.removed": _("News post removed"),
                "website.revision_restored": _("Earlier version of a text restored"),
                "website.domain_added": _("Own domain of the website registered"),
                "website.domain_verified": _("Own domain of the website verified"),
            }
        )
