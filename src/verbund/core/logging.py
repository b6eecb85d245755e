"""Structured logs: JSON lines in production, readable lines on a developer's console.

The logging configuration is written once, here (:func:`config`), and applied once per
process: by Django from ``settings.LOGGING``, or — under gunicorn — by gunicorn from
``logconfig_dict`` before it loads the application, in which case Django leaves it alone
(``LOGGING_CONFIG = None``, see :data:`CONFIGURED_BY_SERVER`). structlog is set up the
first time a formatter is made, that is, when the configuration is applied.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from typing import Any

import structlog

# Set by ``core.gunicorn_conf`` in the master before the application loads.
CONFIGURED_BY_SERVER = "VERBUND_LOGGING_CONFIGURED"

SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def _on(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def log_format(environ: Mapping[str, str] = os.environ) -> str:
    """``VERBUND_LOG_FORMAT``, else JSON in production and readable lines elsewhere."""
    production = _on(environ.get("VERBUND_PRODUCTION")) and not _on(environ.get("DJANGO_DEBUG"))
    return environ.get("VERBUND_LOG_FORMAT", "json" if production else "console")


def log_level(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get("VERBUND_LOG_LEVEL", "INFO").upper()


def configure_structlog() -> None:
    if structlog.is_configured():
        return
    structlog.configure(
        processors=[*SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )


def structured_formatter(renderer: str = "console") -> logging.Formatter:
    configure_structlog()
    processors: list[Any] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if renderer == "json":
        # One JSON object per line; a traceback becomes the "exception" string of that line
        # instead of being lost (the console renderer prints it on its own).
        processors += [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    else:
        processors.append(structlog.dev.ConsoleRenderer(colors=False))
    return structlog.stdlib.ProcessorFormatter(
        processors=processors,
        foreign_pre_chain=SHARED_PROCESSORS,
    )


def config(
    *, level: str, renderer: str, gunicorn: bool = False, access_log: bool = True
) -> dict[str, Any]:
    """The ``logging.config.dictConfig`` of every process: one structured handler on stderr
    for the application, Django and (with ``gunicorn``) the server's own loggers."""
    loggers: dict[str, Any] = {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    }
    if gunicorn:
        loggers["gunicorn.error"] = {"handlers": ["console"], "level": level, "propagate": False}
        # With a logging configuration gunicorn always writes access lines; the level is
        # what turns them off.
        loggers["gunicorn.access"] = {
            "handlers": ["console"] if access_log else [],
            "level": "INFO" if access_log else "CRITICAL",
            "propagate": False,
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {"()": "verbund.core.logging.structured_formatter", "renderer": renderer}
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "structured",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": loggers,
    }


# --- Paths that must leave no trace of who sent them ------------------------------------------
# Higher apps register regular expressions in their ``AppConfig.ready`` (counselling: the
# anonymous report form and the receipt page). Their access-log lines carry no address, user
# agent or referrer (``core.gunicorn_logging``), and the request log skips them.
PRIVATE_PATHS: list[re.Pattern[str]] = []


def register_private_path(pattern: str) -> None:
    compiled = re.compile(pattern)
    if all(existing.pattern != compiled.pattern for existing in PRIVATE_PATHS):
        PRIVATE_PATHS.append(compiled)


def is_private_path(path: str) -> bool:
    return any(pattern.search(path) for pattern in PRIVATE_PATHS)
