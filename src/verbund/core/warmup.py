"""Work every web process would otherwise do on its first request, done once at start-up.

Gunicorn loads the application in its master before forking (``preload_app``), so what is
loaded here is shared by every worker, including those that replace workers recycled after
``max_requests``. Without it each new worker spends a few hundred milliseconds importing the
views behind the URLconf, parsing translation catalogues and compiling templates while a
visitor waits. Nothing here opens a database or cache connection, which must not be shared
across a fork.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import structlog
from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = structlog.get_logger(__name__)


def warm_up() -> None:
    _import_cache_clients()
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (importing the URLconf imports every view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018  (reverse() lookups are built per language)
    _compile_templates()


def _import_cache_clients() -> None:
    # Django's Redis backend imports its client library on first use; importing is all that
    # happens here, the connection pools are made per process when the cache is first used.
    for options in settings.CACHES.values():
        if "redis" in str(options.get("BACKEND", "")).lower():
            importlib.import_module("redis")


def _compile_templates() -> None:
    engine = engines["django"]
    package = Path(__file__).resolve().parent.parent
    # Our own templates only: libraries ship templates for features that are not installed.
    for directory in engine.template_dirs:
        root = Path(directory).resolve()
        if not root.is_relative_to(package):
            continue
        for path in sorted(root.rglob("*.html")) + sorted(root.rglob("*.txt")):
            name = path.relative_to(root).as_posix()
            try:
                engine.get_template(name)
            except TemplateSyntaxError as error:
                # A broken template is reported when it is used; start-up goes on.
                logger.warning("template_not_compiled", template=name, error=str(error))
