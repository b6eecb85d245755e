from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "verbund.networks"
    label = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from verbund.core.history import Action, describe
        from verbund.networks import policy, services
        from verbund.networks.models import EntryGrant, Membership
        from verbund.organizations import extensions

        # The registry asks networks what only networks know (consent and stewardship).
        extensions.register_networks(
            members_only_ids=policy.members_only_ids,
            kept_ids=policy.kept_ids,
            kept_query=policy.kept_query,
            kept_by_network=policy.kept_by_network,
            import_networks=policy.coordinated_networks,
            join_import=services.join_after_import,
            invite_after_import=services.invite_imported_to_take_over,
        )

        def membership_action(sentence: Any) -> Action:
            return Action(sentence, model=Membership, labels={"reason": _("Reason")})

        def grant_action(sentence: Any) -> Action:
            return Action(sentence, model=EntryGrant)

        from verbund.core import personal_data
        from verbund.networks import queries

        personal_data.register_section("networks", queries.personal_seats_and_roles)

        describe(
            {
                "membership.added": membership_action(_("Member recorded by platform staff")),
                "membership.applied": _("Applied for membership"),
                "membership.approved": _("Membership application accepted"),
                "membership.rejected": _("Membership application rejected"),
                "membership.invited": membership_action(_("Invited to become a member")),
                "membership.invitation_accepted": membership_action(_("Invitation accepted")),
                "membership.invitation_declined": membership_action(_("Invitation declined")),
                "membership.invitation_withdrawn": membership_action(_("Invitation withdrawn")),
                "membership.entry_created": membership_action(
                    _("Member: the network's import created the entry")
                ),
                "membership.changed": _("Membership changed"),
                "entry_grant.requested": grant_action(_("Network asked to keep the entry")),
                "entry_grant.granted": grant_action(_("Network may keep the entry")),
                "entry_grant.declined": grant_action(_("Request to keep the entry declined")),
                "entry_grant.revoked": grant_action(_("Network may no longer keep the entry")),
                "entry_grant.entry_created": grant_action(
                    _("Network keeps the entry its import created")
                ),
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
