from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    name = "verbund.counselling"
    label = "counselling"
    verbose_name = _("Counselling")

    def ready(self) -> None:
        from verbund.core import personal_data
        from verbund.core.history import describe
        from verbund.core.logging import register_private_path
        from verbund.counselling import queries

        personal_data.register_section("counselling", queries.personal_team_roles)

        # The anonymous report form and the receipt page leave no trace of their sender.
        register_private_path(r"^/[a-z]{2}/counselling/(report|receipt)/")
        describe(
            {
                "counselling_centre.created": _("Counselling centre created"),
                "counselling_centre.updated": _("Counselling centre changed"),
                "counselling.team_role": _("Role in the counselling centre changed"),
                "counselling.case_opened": _("Case opened"),
                "counselling.case_updated": _("Case changed"),
                "counselling.case_assigned": _("Counsellors of a case changed"),
                "counselling.consent_given": _("Consent recorded"),
                "counselling.consent_withdrawn": _("Consent withdrawn"),
                "counselling.entry_added": _("Chronology entry added"),
                "counselling.attachment_added": _("File attached to a case"),
                "counselling.case_referred": _("Case referred to another centre"),
                "counselling.case_closed": _("Case closed"),
                "counselling.case_deleted": _("Case deleted after its retention period"),
                "counselling.report_received": _("Anonymous report received"),
                "counselling.report_deleted": _("Anonymous report deleted"),
                "counselling.keys_rotated": _("Counselling keys rotated"),
            }
        )
