"""A readable comparison of two versions: paragraph by paragraph, and word by word inside a
changed paragraph. Rendered with <ins>/<del> and spelled-out labels for screen readers."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class Piece:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class ParagraphChange:
    kind: str  # "same", "added", "removed" or "changed"
    old_number: int | None
    new_number: int | None
    pieces: list[Piece] = field(default_factory=list)


def _words(old: str, new: str) -> list[Piece]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def compare(old: list[str], new: list[str]) -> list[ParagraphChange]:
    changes: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                changes.append(
                    ParagraphChange("same", i1 + k + 1, j1 + k + 1, [Piece("same", old[i1 + k])])
                )
        elif op == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                changes.append(
                    ParagraphChange(
                        "changed", i1 + k + 1, j1 + k + 1, _words(old[i1 + k], new[j1 + k])
                    )
                )
        else:
            for k in range(i1, i2):
                changes.append(ParagraphChange("removed", k + 1, None, [Piece("removed", old[k])]))
            for k in range(j1, j2):
                changes.append(ParagraphChange("added", None, k + 1, [Piece("added", new[k])]))
    return changes


def counts(changes: list[ParagraphChange]) -> dict[str, int]:
    result = {"added": 0, "removed": 0, "changed": 0, "same": 0}
    for change in changes:
        result[change.kind] += 1
    return result
