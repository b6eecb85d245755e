"""Logos are checked, shrunk to fit 512 by 512 pixels and stored as PNG."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import PersonFactory
from verbund.core.models import AuditEntry
from verbund.organizations import services

pytestmark = pytest.mark.django_db


def _image(size: tuple[int, int], image_format: str, mode: str = "RGB") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 80) if mode == "RGB" else (10, 120, 80, 0)).save(
        buffer, format=image_format
    )
    return SimpleUploadedFile(f"logo.{image_format.lower()}", buffer.getvalue())


@pytest.mark.parametrize(
    ("size", "image_format", "expected"),
    [
        ((2000, 1000), "JPEG", (512, 256)),
        ((700, 1400), "WEBP", (256, 512)),
        ((300, 200), "GIF", (300, 200)),
        ((512, 512), "PNG", (512, 512)),
    ],
)
def test_logo_is_stored_as_png_no_larger_than_512_pixels(
    person: Any,
    organization: Any,
    size: tuple[int, int],
    image_format: str,
    expected: tuple[int, int],
) -> None:
    services.set_logo(person, organization, _image(size, image_format))
    organization.refresh_from_db()
    assert organization.logo.name == f"logos/{organization.slug}.png"
    with Image.open(organization.logo.path) as stored:
        assert stored.format == "PNG"
        assert stored.size == expected
    entry = AuditEntry.objects.filter(action="organization.logo").get()
    assert entry.changes["logo"] == [None, organization.logo.name]


def test_transparency_survives(person: Any, organization: Any) -> None:
    services.set_logo(person, organization, _image((600, 600), "PNG", mode="RGBA"))
    organization.refresh_from_db()
    with Image.open(organization.logo.path) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0


def test_replacing_a_logo_removes_the_old_file(person: Any, organization: Any) -> None:
    services.set_logo(person, organization, _image((100, 100), "PNG"))
    organization.refresh_from_db()
    first = organization.logo.path
    services.set_logo(person, organization, _image((200, 100), "JPEG"))
    organization.refresh_from_db()
    with Image.open(organization.logo.path) as stored:
        assert stored.size == (200, 100)
    assert organization.logo.storage.exists(organization.logo.name)
    assert first == organization.logo.path  # same name, new content, no stray file
    services.set_logo(person, organization, None)
    organization.refresh_from_db()
    assert not organization.logo


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.4 not a picture", "not_image"),
        (b"GIF89a" + b"\0" * 20, "not_image"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024), "too_large"),
    ],
)
def test_non_images_and_files_over_five_megabytes_are_refused(
    person: Any, organization: Any, content: bytes, code: str
) -> None:
    upload = SimpleUploadedFile("logo.png", content)
    with pytest.raises(ValidationError) as refused:
        services.set_logo(person, organization, upload)
    assert refused.value.code == code
    organization.refresh_from_db()
    assert not organization.logo


def test_bmp_is_refused_even_though_it_is_an_image(person: Any, organization: Any) -> None:
    with pytest.raises(ValidationError):
        services.validate_logo(_image((10, 10), "BMP"))


def test_only_editors_may_change_the_logo(organization: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.set_logo(PersonFactory(), organization, _image((10, 10), "PNG"))
