"""Folding text for search and duplicate detection."""

from __future__ import annotations

import unicodedata

from verbund.core.text import fold, fold_query_term, words


def _fold_by_hand(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate({0xDF: "ss"}))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_fold_drops_case_and_diacritics_and_keeps_other_scripts() -> None:
    assert fold("Türkische Gemeinde") == "turkische gemeinde"
    assert fold("Ölbergstraße") == "olbergstrasse"
    assert fold("ÉCOLE Ñandú") == "ecole nandu"
    assert fold("Українська громада") == "украінська громада"
    assert fold("انجمن فرهنگی") == "انجمن فرهنگی"
    assert fold("plain ascii 42") == "plain ascii 42"
    assert words("Verein für Bildung & Kultur e.V.") == [
        "verein",
        "fur",
        "bildung",
        "kultur",
        "e",
        "v",
    ]
    assert fold_query_term("tuerkische") == "turkische"


def test_fold_matches_removing_every_combining_mark() -> None:
    # Every combining mark of the Basic Multilingual Plane on a base letter, and compatibility
    # forms that decompose into several characters.
    marks = [chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))]
    samples = [f"a{mark}b" for mark in marks] + ["ﬁ①Ǆ", "Ǉubljana", "ḱṷṓn", "Ǻ"]
    for sample in samples:
        assert fold(sample) == _fold_by_hand(sample), repr(sample)
