"""Logos that unpack to gigabytes are refused with a message, never with an error page."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.organizations.test_views_profile_edit import _valid_data
from verbund.organizations import services
from verbund.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bomb_png(width: int, height: int) -> bytes:
    """A valid PNG header claiming ``width`` by ``height`` 8-bit grey pixels, with one zlib
    stream of zeros for a few rows: a few hundred bytes that say "gigabytes"."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def real_png(width: int, height: int) -> bytes:
    """A genuine, complete PNG of one-bit pixels: small on disk, large in memory."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def _refusal(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        services.validate_logo(SimpleUploadedFile("logo.png", content))
    return refused.value


def test_a_decompression_bomb_is_refused_with_a_message() -> None:
    # 50,000 by 50,000 pixels: beyond twice Pillow's own limit, where Pillow raises.
    error = _refusal(bomb_png(50_000, 50_000))
    assert error.code == "too_many_pixels"
    with translation.override("de"):
        assert "40 Megapixel" in error.messages[0]


def test_a_144_megapixel_png_is_refused_before_it_is_decoded() -> None:
    content = real_png(12_000, 12_000)
    assert len(content) < 5 * 1024 * 1024  # a small file …
    assert _refusal(content).code == "too_many_pixels"  # … that would need 144 MB or more


def test_a_picture_just_under_the_cap_is_taken(person: Any, organization: Organization) -> None:
    services.set_logo(person, organization, SimpleUploadedFile("a.png", real_png(2000, 1500)))
    organization.refresh_from_db()
    assert organization.logo.name.endswith(".png")


@pytest.mark.parametrize("content", [bomb_png(50_000, 50_000), bomb_png(12_000, 12_000)])
def test_the_profile_form_answers_a_bomb_with_400_and_the_message(
    client: Any, person: Any, organization: Organization, content: bytes
) -> None:
    client.force_login(person)
    with translation.override("de"):
        url = reverse("organizations:edit", kwargs={"slug": organization.slug})
    upload = SimpleUploadedFile("logo.png", content, content_type="image/png")
    response = client.post(url, {**_valid_data(), "logo_upload": upload})
    assert response.status_code == 400
    assert "Megapixel" in response.content.decode()
    organization.refresh_from_db()
    assert not organization.logo
