"""``manage.py import_organisations FILE [--dry-run] [--on-duplicate skip|update|create]
[--as EMAIL] [--network SLUG]``

Reads CSV (semicolon or comma; UTF-8, UTF-8 with BOM or Windows-1252) or XLSX, maps columns
from their German or English headings, checks every row and writes all rows in one
transaction, or none. Prints the row-by-row report. New organisations are drafts awaiting
staff review. With ``--network`` (a published network) the organisations created join it as
active members it keeps, and existing ones a row updates are invited; a coordinator
(``--as``) must name one of the networks they coordinate, and changes to entries they may not
change themselves wait as proposals for the entries' administrators.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from verbund.core.actors import OPERATOR
from verbund.organizations import import_checks, import_duplicates, importing, policy, reading
from verbund.organizations.models import ImportJob, Organization


class Command(BaseCommand):
    help = "Import organisations from a spreadsheet (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and show the result without changing anything.",
        )
        parser.add_argument(
            "--on-duplicate",
            choices=ImportJob.OnDuplicate.values,
            default=ImportJob.OnDuplicate.SKIP,
            help="What to do with rows that match an existing organisation "
            "or an earlier row (default: skip).",
        )
        parser.add_argument(
            "--as",
            dest="actor",
            default=None,
            metavar="EMAIL",
            help="Import as this staff person or network coordinator (default: the operator).",
        )
        parser.add_argument(
            "--network",
            default=None,
            metavar="SLUG",
            help="Make every organisation created or updated an active member of this network.",
        )
        parser.add_argument(
            "--language", default="de", help="Language of messages and of description texts."
        )
        parser.add_argument(
            "--report",
            type=Path,
            default=None,
            help="Also write the row-by-row report to this CSV file.",
        )

    def _took(self, step: str, since: float) -> None:
        if self.verbosity >= 2:
            self.stderr.write(f"{step}: {time.perf_counter() - since:.1f} s")

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        actor: Any = OPERATOR
        if options["actor"]:
            actor = get_user_model().objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No person with the e-mail address {options['actor']}.")
        if options["network"] is None and policy.must_name_network(actor):
            raise CommandError("A network coordinator must name the network: --network SLUG.")
        network = None
        if options["network"]:
            if actor is OPERATOR:
                raise CommandError("--network needs --as: memberships are recorded by a person.")
            network = Organization.objects.filter(slug=options["network"]).first()
            if network is None:
                raise CommandError(f"No organisation with the address {options['network']}.")
            if not policy.can_import_for(actor, network):
                raise CommandError(f"{actor.email} may not import for {network.name}.")
        language = options["language"]
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        with translation.override(language):
            try:
                table = reading.read_table(data, path.name)
            except reading.ImportFileError as error:
                raise CommandError(error.message) from error
            mapping = import_checks.suggest_mapping(table.headers)
            problems = import_checks.mapping_errors(mapping)
            if problems:
                raise CommandError(" ".join(problems))
            self.stderr.write(f"{table.file_format}: {len(table.rows)} rows")
            for header, key in zip(table.headers, mapping, strict=True):
                self.stderr.write(f"  {header!r} -> {key or '(not imported)'}")
            clock = time.perf_counter()
            checks = import_checks.check_rows(table.rows, mapping, language)
            self._took("rows checked", clock)
            clock = time.perf_counter()
            pairs = import_duplicates.find_duplicates(checks, actor)
            self._took(f"duplicates found ({len(pairs)} pairs)", clock)
            clock = time.perf_counter()
            try:
                report = importing.execute(
                    actor,
                    checks,
                    pairs,
                    decisions={},
                    on_duplicate=options["on_duplicate"],
                    dry_run=options["dry_run"],
                    network=network,
                )
            except importing.ImportFailed as error:
                for number, message in error.problems:
                    self.stderr.write(f"row {number}: {message}")
                raise CommandError(
                    f"{len(error.problems)} rows cannot be imported; nothing was changed."
                ) from error
            self._took("written" if not options["dry_run"] else "tried and rolled back", clock)
            for line in report:
                text = f"row {line['row']}: {line['outcome']} {line['slug']} {line['message']}"
                self.stdout.write(text.rstrip())
            if options["report"]:
                options["report"].write_bytes(importing.report_csv(report, language))
        counts: dict[str, int] = {}
        for line in report:
            counts[line["outcome"]] = counts.get(line["outcome"], 0) + 1
        self.stderr.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
