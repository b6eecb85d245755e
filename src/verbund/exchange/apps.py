from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "verbund.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        from verbund.core.history import describe

        describe(
            {
                "exchange_post.created": _("Offer or need posted"),
                "exchange_post.updated": _("Offer or need changed"),
                "exchange_post.removed": _("Offer or need removed"),
                "exchange.post_hidden": _("Offer or need hidden by staff"),
                "exchange.post_shown": _("Offer or need shown again by staff"),
                "exchange.thread_opened": _("Request to another organisation sent"),
                "exchange.message_sent": _("Message in a request sent"),
                "exchange.message_hidden": _("Message hidden by staff"),
                "exchange.thread_state": _("State of a request changed"),
                "exchange.reported": _("Post or message reported"),
                "exchange.booking_requested": _("Room booking requested"),
                "exchange.booking_accepted": _("Room booking accepted"),
                "exchange.booking_declined": _("Room booking declined"),
                "exchange.booking_cancelled": _("Room booking cancelled"),
                "exchange_project.created": _("Joint project created"),
                "exchange_project.updated": _("Joint project changed"),
                "exchange.partner_invited": _("Partner invited to a joint project"),
                "exchange.partner_accepted": _("Partner joined a joint project"),
                "exchange.cost_line_saved": _("Cost line of a joint project saved"),
                "exchange.contribution_saved": _("Contribution in kind saved"),
                "exchange.discussion_started": _("Discussion started in a network's exchange"),
                "exchange.discussion_reply": _("Reply in a network's exchange"),
                "exchange.space_hidden": _("Hidden in a network's exchange by its moderators"),
            }
        )
