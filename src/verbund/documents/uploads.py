"""Checking uploaded files: only a few document types, by content and not just by name, and
not too large. Text is taken from plain text and Word/OpenDocument files."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from verbund.core.uploads import UnsafeArchive, check_zip, read_member

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
    "md": "text/markdown",
}
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _paragraph_text(element: ElementTree.Element) -> str:
    return "".join(element.itertext()).strip()


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    return b"".join(read_member(archive, name, MAX_UNPACKED))


def _docx_text(archive: zipfile.ZipFile) -> str:
    root = ElementTree.fromstring(_member(archive, "word/document.xml"))  # noqa: S314 - zip member of a checked upload, no DTDs
    paragraphs = (_paragraph_text(p) for p in root.iter(f"{_WORD}p"))
    return "\n\n".join(p for p in paragraphs if p)


def _odt_text(archive: zipfile.ZipFile) -> str:
    root = ElementTree.fromstring(_member(archive, "content.xml"))  # noqa: S314 - as above
    paragraphs = (
        _paragraph_text(p) for p in root.iter() if p.tag in (f"{_ODF_TEXT}p", f"{_ODF_TEXT}h")
    )
    return "\n\n".join(p for p in paragraphs if p)


def check_upload(upload: UploadedFile) -> str:
    """The text of the file ("" for PDF); ``ValidationError`` for a wrong type or size."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(size)d MB.") % {"size": MAX_BYTES // 1024 // 1024},
            code="too_large",
        )
    extension = (upload.name or "").rsplit(".", 1)[-1].lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("Upload a PDF, Word (.docx), OpenDocument (.odt) or text file."), code="type"
        )
    data = upload.read()
    upload.seek(0)
    wrong = ValidationError(
        _("The file's content does not match its type (.%(ext)s).") % {"ext": extension},
        code="content",
    )
    if extension == "pdf":
        if not data.startswith(b"%PDF-"):
            raise wrong
        return ""
    if extension in ("txt", "md"):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise wrong from error
    try:
        # The directory and the declared sizes first: a small archive can unpack to gigabytes.
        with check_zip(data, max_entries=1000, max_unpacked=MAX_UNPACKED) as archive:
            if extension == "docx":
                return _docx_text(archive)
            if _member(archive, "mimetype").decode("ascii", "replace").strip() != ALLOWED["odt"]:
                raise wrong
            return _odt_text(archive)
    except UnsafeArchive as refused:
        if refused.reason in {"unpacked", "entries"}:
            raise ValidationError(
                _("The file unpacks to more than %(size)d MB.")
                % {"size": MAX_UNPACKED // 1024 // 1024},
                code="too_large",
            ) from refused
        raise wrong from refused
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise wrong from error
