"""Reads a PDF with pikepdf (qpdf), not with the library that wrote it, and checks that it is
tagged for screen readers in the right language; ``pdfinfo`` from poppler-utils agrees when
it is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf


def tagged_language(content: bytes) -> str:
    """The /Lang of a tagged PDF; fails unless it has a structure tree and is marked."""
    assert content.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root, "no structure tree: the PDF is not tagged"
        tree = root.StructTreeRoot
        assert tree.get("/Type") == pikepdf.Name.StructTreeRoot
        assert len(tree.get("/K", [])) > 0 or "/K" in tree
        assert root.MarkInfo.Marked is True
        language = str(root.Lang)
        # Every page is linked into the tree (its marked content belongs to a structure).
        assert all("/StructParents" in page.obj for page in pdf.pages)
    if shutil.which("pdfinfo"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "file.pdf")
            path.write_bytes(content)
            info = subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout
        assert "Tagged:          yes" in info
    return language


def structure_roles(content: bytes) -> set[str]:
    """The structure types used in the tree (H1, P, Table, …)."""
    roles: set[str] = set()
    with pikepdf.open(io.BytesIO(content)) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        seen: set[tuple[int, int]] = set()
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
                continue
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if "/S" in node:
                roles.add(str(node.S).lstrip("/"))
            if "/K" in node:
                stack.append(node.K)
    return roles
