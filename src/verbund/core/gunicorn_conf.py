"""Gunicorn settings for production: ``gunicorn -c python:verbund.core.gunicorn_conf``.

Everything an operator changes comes from the environment, as in ``verbund.settings``; the
application's and gunicorn's own log lines share the structured (JSON in production) format.
"""

from __future__ import annotations

import gc
import multiprocessing
import os

wsgi_app = "verbund.wsgi:application"
bind = os.environ.get("VERBUND_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("VERBUND_THREADS", "1"))
timeout = int(os.environ.get("VERBUND_WORKER_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = int(os.environ.get("VERBUND_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Load the application (and verbund.core.warmup) once in the master: a worker forked after a
# recycle then answers its first request as fast as its hundredth.
preload_app = os.environ.get("VERBUND_PRELOAD", "1") != "0"
# Only the proxy in front may say that a request came over HTTPS (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
_access_log = os.environ.get("VERBUND_ACCESS_LOG", "1") != "0"
accesslog = "-" if _access_log else None
errorlog = "-"
loglevel = os.environ.get("VERBUND_LOG_LEVEL", "info").lower()

_renderer = os.environ.get(
    "VERBUND_LOG_FORMAT",
    "json"
    if os.environ.get("VERBUND_PRODUCTION", "").lower() in {"1", "true", "yes", "on"}
    else "console",
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "()": "verbund.core.logging.structured_formatter",
            "renderer": _renderer,
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "structured",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        # With a logging configuration gunicorn always writes access lines; the level is what
        # turns them off.
        "gunicorn.access": {
            "handlers": ["console"] if _access_log else [],
            "level": "INFO" if _access_log else "CRITICAL",
            "propagate": False,
        },
    },
}


def pre_fork(server: object, worker: object) -> None:
    # Objects loaded before the fork (the preloaded application) are moved out of the
    # collector's reach: a worker's collections then neither walk them nor copy their pages.
    gc.freeze()
