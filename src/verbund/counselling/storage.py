"""Where sealed files live: a directory of their own, outside the media served to the web."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from verbund.counselling import crypto

PURPOSE = "attachment.file"


def storage() -> FileSystemStorage:
    # Read per call, so tests that point the setting elsewhere are honoured.
    return FileSystemStorage(location=str(settings.COUNSELLING_FILES_ROOT))


def store(data: bytes) -> str:
    name = f"{uuid.uuid4().hex}.bin"
    return storage().save(name, ContentFile(crypto.seal_bytes(data, PURPOSE)))


def load(name: str) -> bytes:
    with storage().open(name, "rb") as handle:
        return crypto.open_bytes(handle.read(), PURPOSE)


def reseal(name: str) -> bool:
    """Re-seal a stored file with the current key; False when it already was."""
    files = storage()
    with files.open(name, "rb") as handle:
        token = handle.read()
    if crypto.is_current(token):
        return False
    sealed = crypto.seal_bytes(crypto.open_bytes(token, PURPOSE), PURPOSE)
    path = files.path(name)
    temporary = path + ".rotating"
    with open(temporary, "wb") as handle:
        handle.write(sealed)
    import os

    os.replace(temporary, path)
    return True


def remove(name: str) -> None:
    storage().delete(name)


def exists(name: str) -> bool:
    return storage().exists(name)
