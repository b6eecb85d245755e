from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def site(request: HttpRequest) -> dict[str, Any]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "text_direction": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
        "site_url": settings.SITE_URL.rstrip("/"),
    }
