"""The fixed vocabularies of counselling. Codes are stored; labels are translated when shown.

The grounds follow § 1 AGG (the six grounds of the General Equal Treatment Act) and go
beyond it with the attributions counselling centres against racism document; several can
apply at once (intersectional discrimination).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Centre lead")
    COUNSELLOR = "counsellor", _("Counsellor")
    SUPERVISOR = "supervisor", _("Supervisor")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved as the client wished")
    PARTLY = "partly", _("Partly resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    CLIENT_ENDED = "client_ended", _("Ended by the client")
    REFERRED = "referred", _("Referred to another centre")
    NO_CONTACT = "no_contact", _("Contact broke off")


class ConsentKind(models.TextChoices):
    DOCUMENTATION = "documentation", _("Documentation of the case")
    CONTACT = "contact", _("Being contacted by the centre")
    REFERRAL = "referral", _("Referral to another centre")
    STATISTICS = "statistics", _("Anonymous use in statistics")


class EntryKind(models.TextChoices):
    CONVERSATION = "conversation", _("Counselling conversation")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    COMPLAINT = "complaint", _("Letter of complaint")
    MEDIATION = "mediation", _("Mediation")
    TESTING = "testing", _("Testing")
    LEGAL = "legal", _("Support in legal steps")
    PUBLIC = "public", _("Public or media work")
    OTHER = "other", _("Other")


class Ground(models.TextChoices):
    # The six grounds of § 1 AGG (racism and ethnic origin counted apart) …
    RACISM = "racism", _("Racist attribution or ethnic origin")
    GENDER = "gender", _("Gender")
    RELIGION = "religion", _("Religion or belief")
    DISABILITY = "disability", _("Disability or chronic illness")
    AGE = "age", _("Age")
    SEXUAL_IDENTITY = "sexual_identity", _("Sexual identity")
    # … and beyond.
    NATIONALITY = "nationality", _("Nationality")
    LANGUAGE = "language", _("Language")
    SOCIAL_STATUS = "social_status", _("Social status")
    APPEARANCE = "appearance", _("Appearance")
    ANTISEMITIC = "antisemitic", _("Antisemitic attribution")
    ANTI_MUSLIM = "anti_muslim", _("Anti-Muslim attribution")
    ANTI_BLACK = "anti_black", _("Anti-Black racism")
    ANTIGYPSYISM = "antigypsyism", _("Antigypsyism")
    RESIDENCE_STATUS = "residence_status", _("Residence status")
    OTHER = "other", _("Other ground")


class Domain(models.TextChoices):
    EDUCATION = "education", _("Education")
    WORK = "work", _("Work")
    HOUSING = "housing", _("Housing")
    AUTHORITIES = "authorities", _("Authorities")
    POLICE_JUSTICE = "police_justice", _("Police and justice")
    HEALTH = "health", _("Health")
    GOODS_SERVICES = "goods_services", _("Goods and services")
    PUBLIC_SPACE = "public_space", _("Public space")
    ONLINE = "online", _("Online")
    YOUTH_WELFARE = "youth_welfare", _("Youth welfare")
    OTHER = "other", _("Other domain")


class Form(models.TextChoices):
    DIRECT = "direct", _("Direct discrimination")
    INDIRECT = "indirect", _("Indirect discrimination")
    HARASSMENT = "harassment", _("Harassment")
    VIOLENCE = "violence", _("Violence")


class Level(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    INSTITUTIONAL = "institutional", _("Institutional")
    STRUCTURAL = "structural", _("Structural")


class ReportStatus(models.TextChoices):
    NEW = "new", _("Received")
    IN_PROGRESS = "in_progress", _("Being looked at")
    CASE = "case", _("Taken on as a case")
    DUPLICATE = "duplicate", _("Merged with another report")
    CLOSED = "closed", _("Closed")


# Reports still in the centre's triage queue.
OPEN_REPORT_STATUSES = (ReportStatus.NEW, ReportStatus.IN_PROGRESS)


class AccessAction(models.TextChoices):
    LIST = "list", _("Case list viewed")
    READ = "read", _("Case read")
    CHANGE = "change", _("Case changed")
    EXPORT = "export", _("Case exported")
    DOWNLOAD = "download", _("File downloaded")
    REPORT_READ = "report_read", _("Report read")
    REPORT_CHANGE = "report_change", _("Report changed")
    STATISTICS_EXPORT = "statistics_export", _("Statistics exported")
