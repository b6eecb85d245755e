"""In-app notifications and each person's choice of e-mail delivery per kind."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.notifications.taxonomy import DEFAULT_DELIVERY, Delivery, NoticeKind


class Notification(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True, max_length=2000)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the notice went out by e-mail, alone or in a digest; stays empty for notices
    # whose news already reached the person by its own e-mail.
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "read_at"]),
            models.Index(fields=["email_wanted", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NoticeKind.choices)
    delivery = models.CharField(
        _("by e-mail"), max_length=10, choices=Delivery.choices, default=DEFAULT_DELIVERY
    )

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"], name="unique_notification_preference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} {self.delivery}"
