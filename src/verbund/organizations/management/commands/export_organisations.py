"""``manage.py export_organisations [--format csv|csv-windows|xlsx] [filters] [-o FILE]``

Filters are the directory's: --q, --kind, --theme, --language, --state, --city (repeatable).
Without ``--as`` only public fields are exported.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils import translation

from verbund.organizations import exporting, queries


class Command(BaseCommand):
    help = "Export published organisations as CSV (for German Excel) or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "csv-windows", "xlsx"], default="csv")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            default=None,
            help="File to write (default: standard output).",
        )
        parser.add_argument(
            "--as",
            dest="viewer",
            default=None,
            metavar="EMAIL",
            help="Export what this person may see (default: public fields).",
        )
        parser.add_argument("--lang", default="de", help="Language of headings and labels.")
        parser.add_argument("--q", default="")
        for facet in queries.FACETS:
            parser.add_argument(f"--{facet}", action="append", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        viewer: Any = AnonymousUser()
        if options["viewer"]:
            viewer = get_user_model().objects.filter(email__iexact=options["viewer"]).first()
            if viewer is None:
                raise CommandError(f"No person with the e-mail address {options['viewer']}.")
        params = QueryDict(mutable=True)
        if options["q"]:
            params["q"] = options["q"]
        for facet in queries.FACETS:
            for value in options[facet]:
                params.appendlist(facet, value)
        organizations = queries.matching(queries.parse_filters(params))
        with translation.override(options["lang"]):
            if options["format"] == "xlsx":
                body = exporting.to_xlsx(organizations, viewer)
            else:
                encoding = "windows-1252" if options["format"] == "csv-windows" else "utf-8"
                body = exporting.to_csv(organizations, viewer, encoding=encoding)
        if options["output"] is None:
            sys.stdout.buffer.write(body)
        else:
            options["output"].write_bytes(body)
