"""Networking as a process in five phases (the networking talk in the seeds), with the
checklist each phase starts with. Codes are stored; labels are translated when shown."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    CONTACT = "contact", _("Contact")
    ORGANISING = "organising", _("Organising")
    STABILISATION = "stabilisation", _("Stabilisation")
    FORMALISATION = "formalisation", _("Formalisation")


PHASE_HINTS: dict[str, Promise] = {
    Phase.PREPARATION: _("Set the goal and look for partners with similar interests."),
    Phase.CONTACT: _("Get in touch with the partners and note every contact."),
    Phase.ORGANISING: _("Hold the first meeting and agree on a common goal."),
    Phase.STABILISATION: _("Share the roles and choose a coordinator."),
    Phase.FORMALISATION: _("Write down the agreement and found the network."),
}

# Stored as the source text and translated when shown, so that each reader sees the steps in
# their own language whoever started the formation.
CHECKLISTS: dict[str, tuple[str, ...]] = {
    Phase.PREPARATION: (
        gettext_noop("Write down the goal of the network"),
        gettext_noop("Research partners with similar interests"),
        gettext_noop("Agree who speaks for the initiative"),
    ),
    Phase.CONTACT: (
        gettext_noop("Contact every candidate partner"),
        gettext_noop("Present the goal to the interested partners"),
    ),
    Phase.ORGANISING: (
        gettext_noop("Hold the first meeting"),
        gettext_noop("Agree on a common goal"),
        gettext_noop("Agree how often you meet"),
    ),
    Phase.STABILISATION: (
        gettext_noop("Share the roles and tasks"),
        gettext_noop("Choose a coordinator"),
    ),
    Phase.FORMALISATION: (
        gettext_noop("Draft the cooperation agreement"),
        gettext_noop("All partners agree to the cooperation agreement"),
    ),
}


class FormationStatus(models.TextChoices):
    FORMING = "forming", _("In formation")
    FORMALISED = "formalised", _("Founded")
    ABANDONED = "abandoned", _("Given up")


class CandidateStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    CONTACTED = "contacted", _("Contacted")
    INTERESTED = "interested", _("Interested")
    AGREED = "agreed", _("Joins the network")
    DECLINED = "declined", _("Declined")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    MEETING = "meeting", _("Meeting")
    OTHER = "other", _("Other")
