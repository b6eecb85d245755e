"""Strings of Django and allauth that our own catalogues translate again.

Django looks a message up in LOCALE_PATHS first, then in the installed apps in the order of
INSTALLED_APPS, then in its own catalogue; a message missing in the visitor's language falls
back to German (LANGUAGE_CODE). Where a package's catalogue is wrong or outdated for one of our
languages, ours corrects it:

- django.contrib.auth "translates" allauth's "Email" label as "Email" in Ukrainian, and it
  comes before allauth;
- Django's Arabic and Persian catalogues still carry an older msgid of the password length
  error, so the sign-up page showed it in German;
- Django's Arabic and Persian catalogues lack the step-size error of number fields, the
  Ukrainian one the slug error, and its Ukrainian e-mail error keeps the English word.

Listing the msgids here keeps makemessages from dropping them as obsolete.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

CORRECTED_MSGIDS = (
    gettext_noop("Email"),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
)

CORRECTED_PLURALS = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
)
