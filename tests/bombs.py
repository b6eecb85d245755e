"""Crafted uploads for the tests and ``bench/upload_bombs.py``: small files that unpack to
hundreds of megabytes (issue 11, F5 and F9). Everything is written as a stream, so making
them needs a few megabytes of memory, not hundreds."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

MB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def _write_stream(archive: zipfile.ZipFile, name: str, chunks: Iterator[bytes]) -> None:
    with archive.open(name, "w", force_zip64=True) as member:
        for chunk in chunks:
            member.write(chunk)


def _workbook(sheet: Iterator[bytes], shared: Iterator[bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        _write_stream(archive, "xl/worksheets/sheet1.xml", sheet)
        _write_stream(archive, "xl/sharedStrings.xml", shared)
    return buffer.getvalue()


def xlsx_with_one_huge_string(size: int = 600 * MB) -> bytes:
    """A workbook whose second row's name is one string of ``size`` characters."""

    def sheet() -> Iterator[bytes]:
        yield (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>1</v></c></row>'
            "</sheetData></worksheet>"
        ).encode()

    def shared() -> Iterator[bytes]:
        yield f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>Name</t></si><si><t>'.encode()
        block = b"A" * MB
        for _ in range(size // MB):
            yield block
        yield b"</t></si></sst>"

    return _workbook(sheet(), shared())


def xlsx_of_small_rows(size: int = 630 * MB) -> bytes:
    """A workbook with a heading and then ``size`` bytes of short rows of numbers."""
    row = b"<row>" + b"<c><v>1</v></c>" * 12 + b"</row>"
    block = row * (MB // len(row))

    def sheet() -> Iterator[bytes]:
        yield (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        ).encode()
        for _ in range(size // len(block)):
            yield block
        yield b"</sheetData></worksheet>"

    def shared() -> Iterator[bytes]:
        yield f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>Name</t></si></sst>'.encode()

    return _workbook(sheet(), shared())


def png_of_pixels(width: int = 12_000, height: int = 12_000) -> bytes:
    """A complete, genuine PNG of one-bit pixels: 144 megapixels in a few hundred kilobytes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def cached(directory: Path, name: str, make: object) -> bytes:
    path = directory / name
    if not path.exists():
        path.write_bytes(make())  # type: ignore[operator]
    return path.read_bytes()
