"""Text folding for search: case, umlauts and accents must not decide whether a name is found."""

from __future__ import annotations

import re
import unicodedata

_GERMAN = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, without diacritics: "Türkische Gemeinde" -> "turkische gemeinde".

    German writers without an umlaut key type "ue" for "ü"; both spellings fold to "u" in
    search terms through :func:`fold_query_term`, while stored text keeps the plain fold.
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_GERMAN))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def fold_query_term(term: str) -> str:
    folded = fold(term)
    # "tuerkische" and "tuerk" mean "türkische": fold the two-letter spelling too.
    return re.sub(r"(?<=[bcdfghjklmnpqrstvwxz])(ae|oe|ue)", lambda m: m.group(1)[0], folded)
