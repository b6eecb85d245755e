#!/usr/bin/env python3
"""How complete the translation catalogues are.

    .venv/bin/python tools/i18n_status.py            # summary and every missing msgid
    .venv/bin/python tools/i18n_status.py --summary  # one line per language
    .venv/bin/python tools/i18n_status.py -l tr fa   # only these languages
    .venv/bin/python tools/i18n_status.py --check    # exit 1 unless German and English are complete

Reads src/verbund/locale/<lang>/LC_MESSAGES/django.po with Babel (a project dependency), so it
runs without the gettext tools. Obsolete entries (``#~``) are ignored; fuzzy ones count as
missing, because Django does not use them.

The round trip when strings change (msgids are English; extraction needs GNU gettext):

    cd src/verbund && ../../.venv/bin/python ../../manage.py makemessages \
        -l de -l en -l tr -l ar -l fa -l ru -l uk --no-location --ignore=migrations
    .venv/bin/python tools/i18n_status.py          # what is missing, per language
    (translate; in en.po msgstr repeats the msgid; remove "#, fuzzy" only after checking)
    make messages                                  # compile with Babel
    VERBUND_TESTING=1 .venv/bin/pytest tests/core/test_translations.py
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "verbund" / "locale"
LANGUAGES = ("de", "en", "tr", "ar", "fa", "ru", "uk")
COMPLETE_LANGUAGES = ("de", "en")


@dataclass
class Status:
    language: str
    total: int = 0
    translated: int = 0
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.untranslated and not self.fuzzy


def msgid_text(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return f"{message.context}|{msgid}" if message.context else str(msgid)


def is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def catalogue_status(language: str, domain: str = "django") -> Status | None:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return None
    with path.open("rb") as handle:
        catalog = read_po(handle)
    status = Status(language)
    for message in catalog:
        if not message.id:
            continue  # the header
        status.total += 1
        if message.fuzzy:
            status.fuzzy.append(msgid_text(message))
        elif is_translated(message):
            status.translated += 1
        else:
            status.untranslated.append(msgid_text(message))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-l", "--languages", nargs="+", default=list(LANGUAGES))
    parser.add_argument("-d", "--domain", default="django")
    parser.add_argument("--summary", action="store_true", help="only one line per language")
    parser.add_argument("--check", action="store_true", help="exit 1 unless de and en are complete")
    args = parser.parse_args(argv)

    failed = False
    for language in args.languages:
        status = catalogue_status(language, args.domain)
        if status is None:
            print(f"{language}: MISSING catalogue {args.domain}.po")
            failed = True
            continue
        share = 100 * status.translated / status.total if status.total else 100.0
        print(
            f"{language}: {status.translated}/{status.total} translated ({share:.0f} %), "
            f"{len(status.untranslated)} untranslated, {len(status.fuzzy)} fuzzy"
        )
        if not args.summary:
            for msgid in status.untranslated:
                print(f"    untranslated: {msgid!r}")
            for msgid in status.fuzzy:
                print(f"    fuzzy:        {msgid!r}")
        if language in COMPLETE_LANGUAGES and not status.complete:
            failed = True
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
