"""Text folding for search: case, umlauts and accents must not decide whether a name is found."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

_GERMAN = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@cache
def _without_combining_marks() -> dict[int, None]:
    # Built on first use: walking every code point takes a tenth of a second.
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))}


def fold(text: str) -> str:
    """Lower-case, without diacritics: "Türkische Gemeinde" -> "turkische gemeinde".

    German writers without an umlaut key type "ue" for "ü"; both spellings fold to "u" in
    search terms through :func:`fold_query_term`, while stored text keeps the plain fold.
    """
    text = text.casefold().translate(_GERMAN)
    if text.isascii():  # nothing to decompose: most names, cities and addresses
        return text
    return unicodedata.normalize("NFKD", text).translate(_without_combining_marks())


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def fold_query_term(term: str) -> str:
    folded = fold(term)
    # "tuerkische" and "tuerk" mean "türkische": fold the two-letter spelling too.
    return re.sub(r"(?<=[bcdfghjklmnpqrstvwxz])(ae|oe|ue)", lambda m: m.group(1)[0], folded)
