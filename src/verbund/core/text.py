"""Text rules: folding for search (case, umlauts and accents must not decide whether a name is
found), clean names (no invisible or direction-changing characters, NFC) and the look-alike
skeleton of a name ("Verbund" with a Cyrillic "ie" for its "e" looks like "Verbund")."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

_GERMAN = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@cache
def _without_combining_marks() -> dict[int, None]:
    # Built on first use: walking every code point takes a tenth of a second. Invisible
    # format characters (zero-width, direction marks) go too, so they never split a word.
    return {
        c: None
        for c in range(sys.maxunicode + 1)
        if unicodedata.combining(chr(c)) or unicodedata.category(chr(c)) == "Cf"
    }


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


# --- Names --------------------------------------------------------------------------------------

# Zero-width non-joiner and joiner are part of the spelling of Persian, Arabic and Indic words
# ("می‌خواهم"); between two letters of those scripts they stay, anywhere else they go.
_JOINERS = frozenset("\u200c\u200d")


def _joins(character: str) -> bool:
    point = ord(character)
    return (
        0x0600 <= point <= 0x08FF  # Arabic, Syriac, Thaana, N'Ko, Arabic extended
        or 0x0900 <= point <= 0x0DFF  # Indic scripts
        or 0xFB50 <= point <= 0xFDFF  # Arabic presentation forms A
        or 0xFE70 <= point <= 0xFEFF  # Arabic presentation forms B
    )


def clean_name(text: str) -> str:
    """A name as people see it: NFC, control characters as spaces, invisible and direction
    changing characters (bidi overrides and isolates, zero-width space, soft hyphen, BOM …)
    removed, private-use characters removed, runs of spaces as one space."""
    text = unicodedata.normalize("NFC", text)
    kept: list[str] = []
    last = len(text) - 1
    for index, character in enumerate(text):
        category = unicodedata.category(character)
        if category in {"Cc", "Zl", "Zp"}:
            kept.append(" ")
        elif category in {"Cf", "Co", "Cs"}:
            if (
                character in _JOINERS
                and 0 < index < last
                and _joins(text[index - 1])
                and _joins(text[index + 1])
            ):
                kept.append(character)
        else:
            kept.append(character)
    return " ".join("".join(kept).split())


# Letters of other scripts (and digits) that look like Latin letters, after NFKC. Upper-case
# forms are listed because case folding would otherwise part them (Cyrillic "EN" folds to
# Cyrillic "en", not to "h").
_LOOKALIKES = str.maketrans(
    {
        **dict(
            zip(
                "\u0410\u0412\u0415\u0405\u0406\u0408\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0423",
                "abesijkmhopctxy",
                strict=True,
            )
        ),
        **dict(
            zip(
                "\u0430\u0435\u0455\u0456\u0458\u043e\u0440\u0441\u0443\u0445\u0501\u04bb\u04cf\u051b\u051d",
                "aesijopcyxdhlqw",
                strict=True,
            )
        ),
        **dict(
            zip(
                "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7",
                "abezhikmnoptyx",
                strict=True,
            )
        ),
        **dict(zip("\u03bf\u03b9\u03ba\u03bd\u03c1", "oikvp", strict=True)),
        **dict(zip("01I|\u01c0", "ollll", strict=True)),
    }
)
_MULTI = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def skeleton(text: str) -> str:
    """What a name looks like: two names with the same skeleton are easily mistaken for each
    other. NFKC (full-width and mathematical letters), look-alike letters of other scripts
    as Latin, folded, without spaces and punctuation, "rn" as "m"."""
    text = unicodedata.normalize("NFKC", clean_name(text)).translate(_LOOKALIKES)
    folded = "".join(_WORD.findall(fold(text.translate(_LOOKALIKES))))
    for pair, single in _MULTI:
        folded = folded.replace(pair, single)
    return folded
