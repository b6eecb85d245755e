"""Forms of the spreadsheet import: upload, then column mapping and duplicate decisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from verbund.organizations.importing import DuplicatePair
from verbund.organizations.models import ImportJob, Organization
from verbund.organizations.spreadsheet import IMPORT_COLUMNS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "CSV (as Excel saves it, with semicolons or commas) or Excel workbook "
            "(.xlsx). The first row names the columns."
        ),
    )
    on_duplicate = forms.ChoiceField(
        label=_("When a row matches an organisation already in the registry"),
        choices=ImportJob.OnDuplicate.choices,
        initial=ImportJob.OnDuplicate.SKIP,
        widget=forms.RadioSelect,
        help_text=_("You can still decide for each match on the next page."),
    )

    def __init__(self, *args: Any, networks: QuerySet[Organization] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if networks is not None:
            # A coordinator's import is for one of their networks; staff import without one.
            self.fields["network"] = forms.ModelChoiceField(
                label=_("For the network"),
                queryset=networks,
                to_field_name="slug",
                empty_label=None,
                help_text=_(
                    "Every organisation the import creates or updates becomes an active "
                    "member of this network."
                ),
            )


def _column_choices() -> list[tuple[str, Any]]:
    return [("", _("— do not import —")), *((c.key, c.label) for c in IMPORT_COLUMNS)]


class ChoicesForm(forms.Form):
    """One field per spreadsheet column (its registry field) and per duplicate (what to do)."""

    on_duplicate = forms.ChoiceField(
        label=_("For matches you do not decide one by one"),
        choices=ImportJob.OnDuplicate.choices,
    )
    dry_run = forms.BooleanField(
        label=_("Only try: show the result but change nothing"), required=False
    )

    def __init__(
        self,
        *args: Any,
        job: ImportJob,
        pairs: Sequence[DuplicatePair],
        updatable: set[int] | None = None,
        **kwargs: Any,
    ) -> None:
        initial = {"on_duplicate": job.on_duplicate, "dry_run": job.dry_run}
        for position, _header in enumerate(job.headers):
            initial[f"column_{position}"] = (
                job.mapping[position] if position < len(job.mapping) else ""
            )
        for pair in pairs:
            initial[f"decision_{pair.index}"] = job.decisions.get(str(pair.index), job.on_duplicate)
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.job = job
        for position, header in enumerate(job.headers):
            self.fields[f"column_{position}"] = forms.ChoiceField(
                label=header or _("Column %(number)s") % {"number": position + 1},
                choices=_column_choices(),
                required=False,
            )
        for pair in pairs:
            choices = ImportJob.OnDuplicate.choices
            if (
                updatable is not None
                and pair.organization_id is not None
                and pair.organization_id not in updatable
            ):
                # Not one of the person's networks' members: it may not be updated.
                choices = [c for c in choices if c[0] != ImportJob.OnDuplicate.UPDATE]
            self.fields[f"decision_{pair.index}"] = forms.ChoiceField(
                label=_("Row %(row)s") % {"row": pair.number}, choices=choices
            )

    def column_fields(self) -> list[tuple[forms.BoundField, str]]:
        """Each column's select with a sample value from the first rows."""
        samples = []
        for position in range(len(self.job.headers)):
            sample = next(
                (
                    row[position]
                    for row in self.job.rows[:20]
                    if position < len(row) and row[position].strip()
                ),
                "",
            )
            samples.append((self[f"column_{position}"], sample[:60]))
        return samples

    def decision_field(self, pair: DuplicatePair) -> forms.BoundField:
        return self[f"decision_{pair.index}"]

    def mapping(self) -> list[str]:
        return [
            self.cleaned_data.get(f"column_{position}") or ""
            for position in range(len(self.job.headers))
        ]

    def decisions(self) -> dict[str, str]:
        return {
            name.removeprefix("decision_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("decision_")
        }


class ExportForm(forms.Form):
    """The export page: which file, the workbook first (CSV loses leading zeros in Excel)."""

    format = forms.ChoiceField(
        label=_("File"),
        choices=[
            ("xlsx", _("Excel workbook (.xlsx) – recommended")),  # noqa: RUF001
            ("csv", _("CSV, UTF-8 with semicolons")),
            ("csv-windows", _("CSV, Windows-1252 with semicolons (older Excel)")),
        ],
        initial="xlsx",
        widget=forms.RadioSelect,
        help_text=_(
            "Excel guesses what each cell of a CSV file holds when you open it with a "
            "double-click: postal codes lose their leading zero (01067 becomes 1067) and phone "
            "numbers their plus sign. The workbook keeps them as text. If you need CSV, open it "
            "in Excel through Data › From Text/CSV and set these columns to Text."  # noqa: RUF001
        ),
    )
