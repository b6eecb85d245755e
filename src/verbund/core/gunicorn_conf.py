"""Gunicorn settings for production: ``gunicorn -c python:verbund.core.gunicorn_conf``.

Everything an operator changes comes from the environment, as in ``verbund.settings``; the
application's and gunicorn's own log lines share the structured (JSON in production) format.
"""

from __future__ import annotations

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
accesslog = "-" if os.environ.get("VERBUND_ACCESS_LOG", "1") != "0" else None
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
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
