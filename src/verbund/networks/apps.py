from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "verbund.networks"
    label = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from verbund.organizations.history import describe_actions

        describe_actions(
            {
                "membership.added": _("Member added"),
                "membership.applied": _("Applied for membership"),
                "membership.approved": _("Membership application accepted"),
                "membership.rejected": _("Membership application rejected"),
                "membership.changed": _("Membership changed"),
                "network.membership_type_defined": _("Membership type defined"),
                "network.role": _("Role in the network changed"),
                "body.created": _("Body created"),
                "body.updated": _("Body changed"),
                "body.removed": _("Body removed"),
                "seat.created": _("Seat filled"),
                "seat.updated": _("Seat changed"),
                "seat.removed": _("Seat removed"),
                "external_seat.created": _("Outside seat added"),
                "external_seat.removed": _("Outside seat removed"),
                "mailing.created": _("Mailing written"),
                "mailing.updated": _("Mailing changed"),
                "mailing.queued": _("Mailing sent"),
                "mailing.unsubscribed": _("Unsubscribed from mailings"),
            }
        )
