"""Encryption at rest for counselling: AES-256-GCM with keys from the environment.

``VERBUND_COUNSELLING_KEYS`` holds one or more keys, comma-separated, each 32 random bytes in
URL-safe base64 (``manage.py generate_counselling_key`` makes one). The first key is the
current one: everything is sealed with it. The others are old keys kept only to open what
was sealed before a rotation; ``manage.py rotate_counselling_keys`` re-seals everything with
the current key, after which old keys can be dropped. Keys never reach the database.

From each key three sub-keys are derived with HKDF, one per purpose, so the key that
encrypts is not the key that makes the blind index:

* sealing: ``version (1) · key id (4) · nonce (12) · ciphertext and GCM tag``; the field's
  name is bound in as associated data, so a value copied into another field does not open;
* the blind index: HMAC-SHA-256 of a normalised case code, to find a case by its code
  without storing the code in plain text;
* receipt codes of anonymous reports: HMAC-SHA-256 of the code; the code itself is shown
  once and never stored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = 1
KEY_ID_BYTES = 4
NONCE_BYTES = 12
HEADER = 1 + KEY_ID_BYTES + NONCE_BYTES


class CannotOpen(Exception):
    """The value was sealed with a key that is not configured, or it was tampered with."""


@dataclass(frozen=True)
class Key:
    key_id: bytes
    sealing: AESGCM
    index: bytes
    receipt: bytes


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


def parse_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured(
            "VERBUND_COUNSELLING_KEYS: each key is 32 bytes in URL-safe base64."
        ) from error
    if len(raw) != 32:
        raise ImproperlyConfigured(
            "VERBUND_COUNSELLING_KEYS: each key is 32 bytes in URL-safe base64."
        )
    return raw


@cache
def _keys_for(texts: tuple[str, ...]) -> tuple[Key, ...]:
    keys = []
    for text in texts:
        master = parse_key(text)
        keys.append(
            Key(
                key_id=_derive(master, b"verbund counselling key id")[:KEY_ID_BYTES],
                sealing=AESGCM(_derive(master, b"verbund counselling sealing")),
                index=_derive(master, b"verbund counselling blind index"),
                receipt=_derive(master, b"verbund counselling receipt codes"),
            )
        )
    return tuple(keys)


def keys() -> tuple[Key, ...]:
    texts = tuple(getattr(settings, "COUNSELLING_KEYS", ()) or ())
    if not texts:
        raise ImproperlyConfigured(
            "No counselling key: set VERBUND_COUNSELLING_KEYS (manage.py "
            "generate_counselling_key makes one)."
        )
    return _keys_for(texts)


def current() -> Key:
    return keys()[0]


def new_key_text() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


# --- Sealing ----------------------------------------------------------------------------------


def seal_bytes(data: bytes, purpose: str) -> bytes:
    key = current()
    nonce = os.urandom(NONCE_BYTES)
    sealed = key.sealing.encrypt(nonce, data, purpose.encode())
    return bytes([VERSION]) + key.key_id + nonce + sealed


def _key_of(token: bytes) -> Key:
    if len(token) < HEADER or token[0] != VERSION:
        raise CannotOpen("not a sealed value")
    key_id = token[1 : 1 + KEY_ID_BYTES]
    for key in keys():
        if key.key_id == key_id:
            return key
    raise CannotOpen("sealed with a key that is not configured")


def open_bytes(token: bytes | memoryview | None, purpose: str) -> bytes:
    if token is None:
        return b""
    token = bytes(token)
    if not token:
        return b""
    key = _key_of(token)
    try:
        return key.sealing.decrypt(
            token[1 + KEY_ID_BYTES : HEADER], token[HEADER:], purpose.encode()
        )
    except InvalidTag as error:
        raise CannotOpen("the value does not open with its key") from error


def seal_text(text: str, purpose: str) -> bytes:
    return seal_bytes(text.encode("utf-8"), purpose) if text else b""


def open_text(token: bytes | memoryview | None, purpose: str) -> str:
    return open_bytes(token, purpose).decode("utf-8")


def seal_json(value: Any, purpose: str) -> bytes:
    return seal_bytes(json.dumps(value, ensure_ascii=False, sort_keys=True).encode(), purpose)


def open_json(token: bytes | memoryview | None, purpose: str, default: Any = None) -> Any:
    data = open_bytes(token, purpose)
    return json.loads(data) if data else default


def is_current(token: bytes | memoryview | None) -> bool:
    """Whether ``token`` is empty or sealed with the current key (rotation skips it)."""
    if token is None:
        return True
    token = bytes(token)
    return not token or token[1 : 1 + KEY_ID_BYTES] == current().key_id


def reseal(token: bytes | memoryview | None, purpose: str) -> bytes:
    data = open_bytes(token, purpose)
    return seal_bytes(data, purpose) if data else b""


# --- Blind index and receipt codes ------------------------------------------------------------


def normalise_code(code: str) -> str:
    """Case codes and receipt codes compare without spaces, dashes or case, and with
    Arabic-Indic and Persian digits read as 0-9."""
    digits = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
    return "".join(ch for ch in code.translate(digits).upper() if ch.isalnum())


def blind_index(code: str, key: Key | None = None) -> str:
    key = key or current()
    return hmac.new(key.index, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def blind_indexes(code: str) -> list[str]:
    """The index under every configured key, so a lookup works during a rotation too."""
    return [blind_index(code, key) for key in keys()]


def receipt_hash(code: str, key: Key | None = None) -> str:
    key = key or current()
    return hmac.new(key.receipt, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def receipt_hashes(code: str) -> list[str]:
    return [receipt_hash(code, key) for key in keys()]
