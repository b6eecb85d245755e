"""Time-based one-time passwords (RFC 6238 over RFC 4226), computed independently of allauth so
the tests check its two-factor login against the standard rather than against itself."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

PERIOD = 30
DIGITS = 6


def totp_code(secret: str, at: float | None = None) -> str:
    counter = int((time.time() if at is None else at) // PERIOD)
    key = base64.b32decode(secret.replace(" ", "").upper())
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**DIGITS:0{DIGITS}d}"


def fresh_totp_code(secret: str, margin: float = 4.0) -> str:
    """A code that stays valid for at least ``margin`` seconds, so a request sent now is checked
    in the same 30-second window (allauth allows no drift by default)."""
    left = PERIOD - time.time() % PERIOD
    if left < margin:
        time.sleep(left + 0.1)
    return totp_code(secret)


def next_window_code(secret: str) -> str:
    """A code from the next window: allauth accepts each code only once, so a second login within
    the same window needs to wait for a new one."""
    time.sleep(PERIOD - time.time() % PERIOD + 0.1)
    return totp_code(secret)
