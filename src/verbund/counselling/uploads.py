"""Checking files for case files and reports: type by content, size before and after
decompression, and images re-encoded without EXIF or other metadata (decoded in a child
process with a time and memory budget, ``core.uploads.run_bounded``)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from verbund.core.uploads import BudgetExceeded, run_bounded

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def _wrong_type() -> ValidationError:
    return ValidationError(_("Upload a photo (JPEG, PNG or WebP) or a PDF document."), code="type")


def _clean_image(data: bytes) -> tuple[bytes, str]:
    max_pixels = int(settings.COUNSELLING_IMAGE_MAX_PIXELS)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            width, height = probe.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _wrong_type() from error
    if image_format not in IMAGE_FORMATS:
        raise _wrong_type()
    # The size after decompression, before anything is decoded.
    if width * height > max_pixels:
        raise ValidationError(
            _("The image is too large: at most %(megapixels)d megapixels.")
            % {"megapixels": max_pixels // 1_000_000},
            code="too_many_pixels",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            # A new image from the pixels alone: no EXIF, XMP, ICC comments or GPS.
            pixels = upright.convert("RGBA" if upright.mode in ("RGBA", "LA", "P") else "RGB")
            clean = Image.new(pixels.mode, pixels.size)
            clean.paste(pixels)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _wrong_type() from error
    out = io.BytesIO()
    if image_format == "JPEG" and clean.mode == "RGB":
        clean.save(out, format="JPEG", quality=88)
        return out.getvalue(), "image/jpeg"
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue(), "image/png"


def check_file(upload: UploadedFile) -> CheckedFile:
    """The file as it will be stored (sealed); ``ValidationError`` with a clear message."""
    limit = int(settings.COUNSELLING_UPLOAD_MAX_BYTES)
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(size)d MB.") % {"size": limit // 1024 // 1024},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large: at most %(size)d MB.") % {"size": limit // 1024 // 1024},
            code="too_large",
        )
    stem = (upload.name or "file").rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "file"
    if data.startswith(b"%PDF-"):
        if b"/JavaScript" in data or b"/JS " in data or b"/Launch" in data:
            raise ValidationError(
                _("PDF documents with embedded scripts are not accepted."), code="pdf_script"
            )
        return CheckedFile(f"{stem}.pdf", "application/pdf", data)
    try:
        # Decoding runs in a child process with a time and memory budget (core.uploads).
        cleaned, content_type = run_bounded(
            _clean_image, data, seconds=10, memory=768 * 1024 * 1024
        )
    except BudgetExceeded as error:
        raise ValidationError(
            _("The image is too large or too complex to be processed."), code="budget"
        ) from error
    return CheckedFile(f"{stem}.{EXTENSIONS[content_type]}", content_type, cleaned)
