"""Gunicorn's access log without the sender of private requests.

``gunicorn_conf`` names :class:`AccessLogger` as gunicorn's logger class. For a path
registered with :func:`verbund.core.logging.register_private_path` the line keeps method,
path, status and duration, but the address, user agent and referrer are replaced by "-".
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from verbund.core.logging import is_private_path

SENDER_KEYS = ("REMOTE_ADDR", "HTTP_USER_AGENT", "HTTP_REFERER", "HTTP_X_FORWARDED_FOR")


def without_sender(environ: dict[str, Any]) -> dict[str, Any]:
    if not is_private_path(str(environ.get("PATH_INFO", ""))):
        return environ
    return {**environ, **{key: "-" for key in SENDER_KEYS}}


class AccessLogger(Logger):
    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        super().access(resp, req, without_sender(environ), request_time)

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        return super().atoms(resp, req, without_sender(environ), request_time)
