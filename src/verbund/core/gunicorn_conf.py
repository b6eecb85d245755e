"""Gunicorn settings for production: ``gunicorn -c python:verbund.core.gunicorn_conf``.

Everything an operator changes comes from the environment, as in ``verbund.settings``; the
application's and gunicorn's own log lines share the structured (JSON in production) format.
"""

from __future__ import annotations

import gc
import multiprocessing
import os

from verbund.core import logging as verbund_logging

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
# Private paths (the anonymous report form) are logged without address or user agent.
logger_class = "verbund.core.gunicorn_logging.AccessLogger"
errorlog = "-"
loglevel = verbund_logging.log_level().lower()

# The one logging configuration of the application, applied by gunicorn in the master before
# the application loads; Django then leaves it as it is.
logconfig_dict = verbund_logging.config(
    level=verbund_logging.log_level(),
    renderer=verbund_logging.log_format(),
    gunicorn=True,
    access_log=_access_log,
)
os.environ[verbund_logging.CONFIGURED_BY_SERVER] = "1"


def pre_fork(server: object, worker: object) -> None:
    # Objects loaded before the fork (the preloaded application) are moved out of the
    # collector's reach: a worker's collections then neither walk them nor copy their pages.
    gc.freeze()
