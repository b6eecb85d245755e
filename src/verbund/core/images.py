"""Uploaded images opened safely, and stored without what the camera wrote into them.

The pixel count is read from the header before any pixel is decoded, so a small file that
unpacks to gigabytes (a decompression bomb) is refused; only PNG, JPEG, GIF and WebP pass.
Storing re-encodes the pixels: EXIF (camera, time, GPS position) and other metadata are not
copied, and the orientation the camera recorded is applied first.
"""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})


def checked_image(
    upload: UploadedFile,
    *,
    max_bytes: int,
    max_pixels: int,
    too_large: ValidationError,
    not_image: ValidationError,
    too_many_pixels: ValidationError,
) -> Image.Image:
    """The decoded image, or the matching one of the three errors."""
    if upload.size is not None and upload.size > max_bytes:
        raise too_large
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that; here a warning is an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            image = Image.open(upload)
            if image.format not in FORMATS:
                raise not_image
            width, height = image.size
            if width * height > max_pixels:
                raise too_many_pixels
            image.verify()
            upload.seek(0)
            image = Image.open(upload)
            if image.size != (width, height):
                raise not_image
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise not_image from error
    return image


def without_metadata(image: Image.Image, *, longest_side: int) -> tuple[bytes, str]:
    """The image turned upright, fitted into ``longest_side`` and re-encoded without any
    metadata: JPEG for photographs, PNG where there is transparency. Returns the bytes and the
    file extension."""
    upright = ImageOps.exif_transpose(image) or image
    upright.thumbnail((longest_side, longest_side))
    buffer = io.BytesIO()
    has_alpha = upright.mode in ("RGBA", "LA") or "transparency" in upright.info
    if has_alpha:
        upright.convert("RGBA").save(buffer, format="PNG", optimize=True)
        return buffer.getvalue(), "png"
    upright.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue(), "jpg"


def image_size(content: bytes) -> tuple[int, int]:
    """Width and height of an image we stored (read from its header only)."""
    with Image.open(io.BytesIO(content)) as image:
        return image.size
