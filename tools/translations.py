#!/usr/bin/env python3
"""Keep the seven translation catalogues in step with the source, without GNU gettext.

    .venv/bin/python tools/translations.py missing            # msgids of the source that a
                                                              # catalogue lacks (de and en)
    .venv/bin/python tools/translations.py missing -l ar fa   # the same for other languages
    .venv/bin/python tools/translations.py add strings.json   # add or update translations
    .venv/bin/python tools/translations.py template > new.json  # the missing ones, to fill in

``strings.json`` is a list of entries, one per msgid, with a text per language::

    [{"id": "Case file", "de": "Fallakte", "en": "Case file", "tr": "...", ...},
     {"id": "%(count)s case", "plural": "%(count)s cases",
      "de": ["%(count)s Fall", "%(count)s Fälle"], "en": [...], "ar": [six forms], ...},
     {"id": "May", "context": "month", "de": "Mai", ...}]

A language left out of an entry is left as it is. Catalogues are read and written with Babel,
the way they are kept (``make messages`` compiles them).

``merge-driver`` is a git merge driver: two branches that each added strings merge without
conflict (the union of both; where both changed one translation, ours wins and the merge
says so). Set it up once per clone:

    git config merge.po.driver ".venv/bin/python tools/translations.py merge-driver %O %A %B"

(``.gitattributes`` already routes ``*.po`` to it.)
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "verbund"
LOCALE_DIR = SOURCE / "locale"
LANGUAGES = ("de", "en", "tr", "ar", "fa", "ru", "uk")
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

Key = tuple[str | None, str]


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def read_catalogue(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def write_catalogue(path: Path, catalog: Catalog) -> None:
    out = io.BytesIO()
    write_po(out, catalog, width=76, no_location=True)
    path.write_bytes(out.getvalue())


def _extract(code: str) -> Iterator[tuple[str | None, str | tuple[str, ...]]]:
    for _lineno, message, _comments, context in extract(
        "python", io.BytesIO(code.encode("utf-8")), keywords=KEYWORDS
    ):
        if message and (message[0] if isinstance(message, tuple | list) else message):
            yield context, message


def source_files() -> Iterator[Path]:
    for path in sorted(SOURCE.rglob("*")):
        if "migrations" in path.parts or "locale" in path.parts or "static" in path.parts:
            continue
        if path.suffix == ".py" or (
            "templates" in path.parts and path.suffix in {".html", ".txt", ".xml", ".ics"}
        ):
            yield path


def source_messages() -> dict[Key, str | tuple[str, ...]]:
    """Every msgid the source asks for, keyed by (context, singular)."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True)
        django.setup()
    from django.utils.translation.template import templatize

    found: dict[Key, str | tuple[str, ...]] = {}
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            text = templatize(text, origin=str(path))
        for context, message in _extract(text):
            singular = message[0] if isinstance(message, tuple | list) else message
            found[(context, str(singular))] = message
    return found


def is_translated(message: Any) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return not message.fuzzy and all(strings)


def missing(language: str, messages: dict[Key, Any]) -> list[Key]:
    catalog = read_catalogue(catalogue_path(language), language)
    done = {
        (m.context, m.id[0] if isinstance(m.id, tuple | list) else m.id)
        for m in catalog
        if m.id and is_translated(m)
    }
    return sorted((key for key in messages if key not in done), key=lambda k: (k[1], k[0] or ""))


def add(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    counts = {}
    entries = list(entries)
    for language in LANGUAGES:
        path = catalogue_path(language)
        catalog = read_catalogue(path, language)
        changed = 0
        for entry in entries:
            if language not in entry:
                continue
            text = entry[language]
            msgid: str | tuple[str, str] = (
                (entry["id"], entry["plural"]) if entry.get("plural") else entry["id"]
            )
            if isinstance(msgid, tuple) and isinstance(text, str):
                text = (text,) * catalog.num_plurals
            if isinstance(text, list):
                text = tuple(text)
            existing = catalog.get(
                msgid if isinstance(msgid, str) else msgid[0], entry.get("context")
            )
            if existing is not None and existing.string == text and not existing.fuzzy:
                continue
            catalog.add(msgid, text, context=entry.get("context"))
            message = catalog.get(
                msgid if isinstance(msgid, str) else msgid[0], entry.get("context")
            )
            if message is not None and message.fuzzy:
                message.flags.discard("fuzzy")
            changed += 1
        if changed:
            write_catalogue(path, catalog)
        counts[language] = changed
    return counts


def merge(base: Path, ours: Path, theirs: Path) -> int:
    """Three-way merge of one catalogue, written to ``ours`` (git's %A)."""
    try:
        o = read_catalogue(base)
    except Exception:  # an empty or absent base: a file both sides created
        o = Catalog()
    a = read_catalogue(ours)
    b = read_catalogue(theirs)
    conflicts = 0
    for message in b:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        mine = a.get(key, message.context)
        old = o.get(key, message.context)
        if mine is None:
            if old is not None and old.string == message.string:
                continue  # we removed it and they did not change it
            a[key] = message
            continue
        if mine.string == message.string:
            continue
        if old is not None and old.string == mine.string:
            mine.string = message.string  # only they changed it
            mine.flags = set(message.flags)
        elif old is None or old.string != message.string:
            conflicts += 1
            sys.stderr.write(f"po merge: both changed {key!r}; kept ours\n")
    write_catalogue(ours, a)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("missing")
    show.add_argument("-l", "--languages", nargs="+", default=["de", "en"])
    template = commands.add_parser("template")
    template.add_argument("-l", "--languages", nargs="+", default=list(LANGUAGES))
    adding = commands.add_parser("add")
    adding.add_argument("file")
    driver = commands.add_parser("merge-driver")
    driver.add_argument("base")
    driver.add_argument("ours")
    driver.add_argument("theirs")
    args = parser.parse_args(argv)

    if args.command == "merge-driver":
        return merge(Path(args.base), Path(args.ours), Path(args.theirs))
    if args.command == "add":
        with open(args.file, encoding="utf-8") as handle:
            counts = add(json.load(handle))
        print(" ".join(f"{language}: {n}" for language, n in counts.items()))
        return 0
    messages = source_messages()
    if args.command == "template":
        keys: set[Key] = set()
        for language in args.languages:
            keys |= set(missing(language, messages))
        out = []
        for context, singular in sorted(keys, key=lambda k: (k[1], k[0] or "")):
            message = messages[(context, singular)]
            entry: dict[str, Any] = {"id": singular}
            if isinstance(message, tuple | list):
                entry["plural"] = message[1]
            if context:
                entry["context"] = context
            for language in args.languages:
                entry[language] = ""
            out.append(entry)
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    status = 0
    for language in args.languages:
        lacking = missing(language, messages)
        for context, singular in lacking:
            print(f"{language}\t{context + '|' if context else ''}{singular}")
        status = status or int(bool(lacking))
    return status


if __name__ == "__main__":
    sys.exit(main())
